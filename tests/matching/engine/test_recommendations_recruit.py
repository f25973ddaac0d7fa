"""A gap two quarters running asks for a new partner; a gap this quarter only does not."""

from __future__ import annotations

from matching.engine.coverage import CoverageCell
from matching.engine.recommendations import Names, recommend

NAMES = Names(
    communities={"X": "海裕社区"},
    categories_zh={"rehab": "康复服务", "legal_aid": "法律服务"},
    categories_en={"rehab": "Rehabilitation", "legal_aid": "Legal services"},
)


def cell(community: str, category: str, need: int, capacity: int) -> CoverageCell:
    return CoverageCell(community, category, need_units=need, reachable_capacity=capacity)


def test_a_gap_this_quarter_and_last_asks_to_recruit_with_both_figures() -> None:
    found = recommend(
        communities=["X"],
        current=[cell("X", "rehab", 7, 2)],
        previous=[cell("X", "rehab", 4, 1)],
        neighbours={},
        reach={},
        names=NAMES,
    )
    assert len(found) == 1
    advice = found[0]
    assert (advice.kind, advice.community, advice.category) == ("recruit", "X", "rehab")
    assert (advice.gap, advice.previous_gap) == (5, 3)
    assert (advice.partner, advice.via, advice.capacity) == (None, None, None)
    assert advice.text_zh == "为海裕社区招募康复服务合伙人：本季度缺口 5 个单位，上季度缺口 3 个"
    assert advice.text_en == (
        "Recruit Rehabilitation partners for 海裕社区: a gap of 5 units this quarter, "
        "3 last quarter"
    )


def test_a_gap_this_quarter_only_asks_for_no_recruit() -> None:
    found = recommend(
        communities=["X"],
        current=[cell("X", "rehab", 7, 2)],
        previous=[cell("X", "rehab", 4, 4)],
        neighbours={},
        reach={},
        names=NAMES,
    )
    assert found == []


def test_a_gap_last_quarter_that_closed_asks_for_nothing() -> None:
    found = recommend(
        communities=["X"],
        current=[cell("X", "rehab", 3, 3)],
        previous=[cell("X", "rehab", 4, 0)],
        neighbours={},
        reach={},
        names=NAMES,
    )
    assert found == []


def test_the_previous_gap_must_be_in_the_same_category() -> None:
    found = recommend(
        communities=["X"],
        current=[cell("X", "rehab", 2, 0), cell("X", "legal_aid", 0, 0)],
        previous=[cell("X", "rehab", 0, 0), cell("X", "legal_aid", 2, 0)],
        neighbours={},
        reach={},
        names=NAMES,
    )
    assert found == []


def test_only_the_communities_asked_about_get_recommendations() -> None:
    found = recommend(
        communities=["X"],
        current=[cell("X", "rehab", 2, 0), cell("Y", "rehab", 9, 0)],
        previous=[cell("X", "rehab", 1, 0), cell("Y", "rehab", 9, 0)],
        neighbours={},
        reach={},
        names=NAMES,
    )
    assert [(r.community, r.gap, r.previous_gap) for r in found] == [("X", 2, 1)]
