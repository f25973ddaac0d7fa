"""Every match says why: reasons whose shares add up to its score; explain says why not."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.matching.engine.builders import (
    WEEKEND_DAYTIME,
    index,
    need,
    offering,
    partner,
    uncategorised,
)


def _district():
    return index(
        [
            offering("GOOD", availability=WEEKEND_DAYTIME),
            offering("PAID", cost="paid"),
            offering("RELATED", category="household_help", title="缝补", description="缝补衣服"),
            offering("AWAY", area_codes=frozenset({"D-S2"})),
            offering("OLD", valid_until=dt.date(2026, 6, 30)),
            offering("FULL", capacity_left=0),
            offering("SHOP", modes=frozenset({"at_partner"})),
            offering("WAIT", partner="P2"),
        ],
        [partner("P1", reliability=0.8, load=2), partner("P2", status="pending")],
    )


@pytest.mark.parametrize("read", [False, True], ids=["category given", "category read"])
def test_shares_add_up_to_the_score(read):
    n = need(preferred_slots=WEEKEND_DAYTIME, modes=frozenset({"home_visit"}))
    ranking = _district().rank(uncategorised(n) if read else n)
    assert ranking.matches
    for match in ranking.matches:
        assert match.reasons
        assert sum(r.share for r in match.reasons) == pytest.approx(match.score, abs=1e-5)
        assert all(r.share > 0 and r.text_zh and r.text_en for r in match.reasons)


def test_scores_are_descending_and_reasons_name_the_category():
    ranking = _district().rank(need(modes=frozenset({"home_visit"})))
    scores = [m.score for m in ranking.matches]
    assert scores == sorted(scores, reverse=True)
    top = ranking.matches[0]
    assert top.offering == "GOOD"
    assert any(r.code == "category" and "便民理发" in r.text_zh for r in top.reasons)


def test_explain_lists_notable_exclusions_with_their_reason():
    ranking = _district().rank(need(modes=frozenset({"home_visit"})), explain=True)
    reasons = {e.offering: e.text_zh for e in ranking.excluded}
    assert reasons == {
        "AWAY": "不在服务范围",
        "OLD": "已过有效期",
        "FULL": "本季度名额已满",
        "SHOP": "服务方式不符",
        "WAIT": "合伙人未认证",
    }
    proposed = {m.offering for m in ranking.matches}
    assert not proposed & set(reasons)


def test_without_explain_nothing_is_listed_as_excluded():
    assert _district().rank(need()).excluded == ()


def test_explain_keeps_only_the_best_scoring_exclusions():
    many = [offering(f"FULL{i}", capacity_left=0) for i in range(8)]
    unrelated = offering("LAW", category="legal_aid", title="法律", capacity_left=0)
    ranking = index([*many, unrelated]).rank(need(), explain=True)
    assert len(ranking.excluded) == 5
    assert "LAW" not in {e.offering for e in ranking.excluded}


def test_ranking_reports_what_the_need_was_read_as():
    idx = _district()
    assert idx.rank(need()).categories[0].code == "haircut"
    assert idx.rank(need()).categories[0].probability == 1.0
    read = idx.rank(uncategorised(need())).categories
    assert read[0].code == "haircut"
    assert 0 < read[0].probability <= 1
