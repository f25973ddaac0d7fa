"""Partners serving a neighbouring community for the category in short supply are
proposed for the liaison meeting: at most three, most capacity first, then the nearer
neighbour, then the code; never one that already reaches the community."""

from __future__ import annotations

import random

from matching.engine.coverage import CoverageCell
from matching.engine.recommendations import (
    Names,
    Recommendation,
    asked_about,
    partner_capacity,
    recommend,
)
from matching.engine.types import OfferingSummary

NAMES = Names(
    communities={"X": "海裕社区", "Y": "灵芝社区", "Z": "九围社区"},
    categories_zh={"rehab": "康复服务"},
    categories_en={"rehab": "Rehabilitation"},
    partners={"P-A": "康复中心", "P-B": "社康站", "P-C": "骨科诊所", "P-D": "护理站"},
)
GAP_IN_X = CoverageCell("X", "rehab", need_units=6, reachable_capacity=2)


def invites(reach: dict[tuple[str, str], dict[str, int]]) -> list[tuple[str, str, int]]:
    found = recommend(
        communities=["X"],
        current=[GAP_IN_X],
        previous=[],
        neighbours={"X": ["Y", "Z"]},
        reach=reach,
        names=NAMES,
    )
    assert all(r.kind == "invite" for r in found)
    return [(r.partner or "", r.via or "", r.capacity or 0) for r in found]


def test_a_partner_serving_the_neighbour_is_invited_with_the_figures() -> None:
    found = recommend(
        communities=["X"],
        current=[GAP_IN_X],
        previous=[],
        neighbours={"X": ["Y"]},
        reach={("X", "rehab"): {"P-B": 2}, ("Y", "rehab"): {"P-A": 5}},
        names=NAMES,
    )
    assert len(found) == 1
    advice = found[0]
    assert (advice.kind, advice.community, advice.category) == ("invite", "X", "rehab")
    assert (advice.partner, advice.via, advice.capacity) == ("P-A", "Y", 5)
    assert (advice.gap, advice.previous_gap) == (4, 0)
    assert advice.text_zh == (
        "邀请康复中心（服务邻近的灵芝社区）参加海裕社区的联席会：康复服务本季度缺口 4 个单位，"
        "该合伙人尚余容量 5 个"
    )
    assert advice.text_en.startswith(
        "Invite 康复中心 (serving neighbouring 灵芝社区) to 海裕社区's liaison meeting"
    )


def test_a_partner_already_reaching_the_community_is_not_invited() -> None:
    reach = {("X", "rehab"): {"P-A": 2}, ("Y", "rehab"): {"P-A": 9, "P-B": 1}}
    assert invites(reach) == [("P-B", "Y", 1)]


def test_a_partner_without_capacity_left_is_not_invited() -> None:
    assert invites({("Y", "rehab"): {"P-A": 0}}) == []


def test_a_partner_of_another_category_is_not_invited() -> None:
    assert invites({("Y", "legal_aid"): {"P-A": 8}}) == []


def test_at_most_three_most_capacity_first_then_nearer_then_code() -> None:
    reach = {
        ("Y", "rehab"): {"P-D": 3, "P-C": 3},
        ("Z", "rehab"): {"P-A": 3, "P-B": 7},
    }
    # P-B has most; P-C and P-D tie with P-A on 3, Y is nearer than Z, then the code.
    assert invites(reach) == [("P-B", "Z", 7), ("P-C", "Y", 3), ("P-D", "Y", 3)]


def test_a_partner_reaching_two_neighbours_is_invited_once_where_it_has_most() -> None:
    reach = {("Y", "rehab"): {"P-A": 2}, ("Z", "rehab"): {"P-A": 4}}
    assert invites(reach) == [("P-A", "Z", 4)]


def test_on_equal_capacity_the_nearer_neighbour_is_named() -> None:
    reach = {("Y", "rehab"): {"P-A": 4}, ("Z", "rehab"): {"P-A": 4}}
    assert invites(reach) == [("P-A", "Y", 4)]


def test_no_gap_no_invite() -> None:
    found = recommend(
        communities=["X"],
        current=[CoverageCell("X", "rehab", need_units=2, reachable_capacity=2)],
        previous=[],
        neighbours={"X": ["Y"]},
        reach={("Y", "rehab"): {"P-A": 5}},
        names=NAMES,
    )
    assert found == []


def test_reading_only_the_cells_asked_about_recommends_the_same() -> None:
    """A district's cells name its partners a million times over: the recommendations
    read partners' capacity only for the gaps and their neighbours' cells, and come out
    the same as from every cell."""
    rng = random.Random(8)
    places = ["X", "Y", "Z", "W", "V"]
    categories = ["rehab", "legal_aid", "haircut"]
    cells = []
    summaries = []
    for community in places:
        for category in categories:
            codes = [f"O-{community}-{category}-{n}" for n in range(rng.randrange(4))]
            for code in codes:
                summaries.append(
                    OfferingSummary(
                        code=code,
                        partner=rng.choice(["P-A", "P-B", "P-C", "P-D"]),
                        category=category,
                        category_known=True,
                        capacity_left=rng.randrange(4),
                    )
                )
            cells.append(
                CoverageCell(community, category, rng.randrange(6), 2, offerings=tuple(codes))
            )
    neighbours = {"X": ["Y", "Z"], "W": ["V", "X"]}
    asked = asked_about(["X", "W"], cells, neighbours)
    assert asked < {(c.community, c.category) for c in cells}

    def advice(reach: dict[tuple[str, str], dict[str, int]]) -> list[Recommendation]:
        return recommend(
            communities=["X", "W"],
            current=cells,
            previous=[],
            neighbours=neighbours,
            reach=reach,
            names=NAMES,
        )

    every = advice(partner_capacity(cells, summaries))
    assert any(r.kind == "invite" for r in every)
    assert advice(partner_capacity(cells, summaries, only=asked)) == every
