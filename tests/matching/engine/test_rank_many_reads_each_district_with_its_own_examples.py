"""Ranking many needs of several districts at once reads each need with the confirmed
examples of its own district, exactly as ranking it alone does."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from matching.engine import ranking as ranking_module
from matching.engine.ranking import MatchIndex
from matching.engine.types import NeedFacts, Place, TextExample
from tests.matching.engine.builders import PLACES, need, offering, partner, standard

OTHER = (
    Place("E", "另一区", "district", None, 23.0, 114.0),
    Place("E-S1", "另一街道", "street", "E", 23.0, 114.0),
    Place("E-S1-C1", "丁社区", "community", "E-S1", 23.0, 114.0),
)
OFFERINGS = [
    offering("O1", category="home_repair", title="水电维修", description="师傅上门修水管换龙头"),
    offering("O2", category="venue", title="活动室借用", description="社区活动室免费借给居民"),
    offering("O3", category="funding", title="公益金", description="为社区微项目提供资金支持"),
    offering("O4", category="household_help", title="家政帮手", description="帮老人打扫做家务"),
]
TEXT = "楼道里的声控灯一到晚上就不亮"
EXAMPLES = [
    TextExample(text="楼道里的声控灯晚上不亮", category="household_help", district="D"),
    TextExample(text="楼道灯晚上不亮", category="venue", district="D", weight=-1.0),
    TextExample(text="楼道的灯一到晚上就不亮", category="funding", district="E"),
]
TODAY = dt.date(2026, 10, 2)


def _needs() -> list[NeedFacts]:
    texts = [TEXT, "声控灯坏了", "水管漏水", "活动室想借来办活动"]
    communities = ["D-S1-C1", "E-S1-C1", "D-S2-C1", "E-S1-C1", "D-S1-C2"]
    return [
        need(
            f"N{k}",
            community=communities[k % len(communities)],
            title="",
            description=texts[k % len(texts)],
            category=None,
            beneficiaries=frozenset({"elderly"}) if k % 2 else frozenset(),
            modes=frozenset({"home_visit"}) if k % 3 == 0 else frozenset(),
        )
        for k in range(24)
    ]


def _index() -> MatchIndex:
    return MatchIndex.build(
        standard=standard(),
        places=(*PLACES, *OTHER),
        partners=[partner("P1")],
        offerings=OFFERINGS,
        examples=EXAMPLES,
    )


def test_rank_many_reads_each_need_in_its_own_district_as_rank_does():
    idx = _index()
    needs = _needs()

    many = idx.rank_many(needs, limit=4, today=TODAY)

    for n, ranking in zip(needs, many, strict=True):
        assert ranking == idx.rank(n, limit=4, today=TODAY)
    # The same text, read in D and in E, follows each district's own examples.
    by_code = {r.need: r for r in many}
    assert needs[0].description == needs[16].description == TEXT
    assert (needs[0].community, needs[16].community) == ("D-S1-C1", "E-S1-C1")
    assert by_code["N0"].categories[0].code == "household_help"
    assert by_code["N16"].categories[0].code == "funding"


def test_reading_many_needs_together_guesses_what_reading_each_alone_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Coverage reads a city's uncategorised needs together; each gets the guesses it
    gets alone, its own district's examples included, over more than one block."""
    idx = _index()
    needs = [*_needs(), *(replace(n, code=f"{n.code}b") for n in _needs())]
    monkeypatch.setattr(ranking_module, "READ_BLOCK", 7)
    together = idx.read_categories(needs, limit=3)
    alone = [idx.read_need(n, limit=3) for n in needs]
    assert together == alone
    # Not trivially equal: the districts' examples read the same text differently.
    firsts = {
        (n.community[0], n.description): g[0].code for n, g in zip(needs, together, strict=True)
    }
    assert firsts[("D", TEXT)] != firsts[("E", TEXT)]
