"""An offering that passes every hard rule but is not the kind of service the need asks
for is not proposed: the relevance floor hides it instead of padding the list."""

from __future__ import annotations

from matching.engine.ranking import MIN_CATEGORY_CREDIT, MIN_SCORE
from tests.matching.engine.builders import index, need, offering, ranked, uncategorised


def _unrelated() -> list:
    # Free, for the elderly, open at any hour, next door: everything but the category.
    return [offering("LEGAL", category="legal_aid", title="法律咨询", description="律师答疑")]


def test_unrelated_offering_scoring_a_few_points_is_not_proposed() -> None:
    idx = index([*_unrelated(), offering("HAIRCUT")])

    ranking = idx.rank(need())

    assert [m.offering for m in ranking.matches] == ["HAIRCUT"]
    assert ranking.weak == 1


def test_need_with_only_unrelated_offerings_gets_no_match_and_says_how_many_were_weak() -> None:
    ranking = index(_unrelated()).rank(need())

    assert ranking.matches == ()
    assert ranking.weak == 1


def test_every_proposed_offering_reaches_the_floor() -> None:
    idx = index(
        [
            *_unrelated(),
            offering("HAIRCUT"),
            offering("RELATED", category="household_help", title="缝补衣物", description="缝补"),
        ]
    )

    for n in (need(), uncategorised(need())):
        matches = idx.rank(n).matches
        assert matches
        assert all(m.score >= MIN_SCORE for m in matches)
        assert "LEGAL" not in [m.offering for m in matches]


def test_a_categorised_need_keeps_only_offerings_above_the_category_floor() -> None:
    idx = index([*_unrelated(), offering("HAIRCUT")])

    for match in idx.rank(need()).matches:
        credit = next(r.share for r in match.reasons if r.code == "category") / 0.49
        assert credit >= MIN_CATEGORY_CREDIT


def test_related_category_stays_above_the_floor() -> None:
    idx = index(
        [offering("RELATED", category="household_help", title="缝补衣物", description="缝补")]
    )

    assert ranked(idx, need()) == ["RELATED"]
