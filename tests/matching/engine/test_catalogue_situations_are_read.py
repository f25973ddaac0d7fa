"""The service catalogue teaches the engine situations residents describe: a text that
shares no word with any offering is read as the category whose situations it resembles,
and what a category does not cover counts against it."""

from __future__ import annotations

from typing import Any

from matching.engine.catalogue import with_catalogue
from matching.engine.ranking import MatchIndex
from matching.engine.types import Standard
from tests.matching.engine.builders import PLACES, bare_standard, offering, partner

OFFERINGS = [
    offering("O1", category="home_repair", title="水电维修", description="师傅上门修水管换龙头"),
    offering("O2", category="haircut", title="爱心理发", description="理发师每月到社区剪发"),
    offering("O3", category="elderly_meal", title="长者饭堂", description="中午供应热饭热菜"),
]
REPAIR: dict[str, Any] = {
    "code": "home_repair",
    "covers": "家中水电、门窗、家电的维修",
    "excludes": ["小区公共设施的维修"],
    "situations": ["电灯一开就跳闸", "冰箱不凉了", "卫生间往楼下渗水"],
}
CATALOGUE: dict[str, Any] = {
    "categories": [
        REPAIR,
        {"code": "haircut", "situations": ["头发太长了挡眼睛"]},
    ],
    "mode_cues": {"home_visit": ["来我家看看"]},
    "beneficiary_cues": [{"code": "elderly", "cues": ["老寿星"]}],
}
TEXT = "家里总跳闸，冰箱也不凉了"


def _index(std: Standard) -> MatchIndex:
    return MatchIndex.build(
        standard=std, places=PLACES, partners=[partner("P1")], offerings=OFFERINGS
    )


def test_a_situation_the_catalogue_describes_is_read_as_its_category():
    without = _index(bare_standard()).read(TEXT)
    with_situations = _index(with_catalogue(bare_standard(), CATALOGUE)).read(TEXT)

    assert without.categories[0].code != "home_repair"
    assert with_situations.categories[0].code == "home_repair"


def test_the_catalogue_is_read_into_the_standard_whatever_the_shape_of_its_lists():
    std = with_catalogue(bare_standard(), CATALOGUE)
    repair = next(c for c in std.categories if c.code == "home_repair")

    assert repair.covers == ("家中水电、门窗、家电的维修",)
    assert repair.excludes == ("小区公共设施的维修",)
    assert "冰箱不凉了" in repair.situations
    assert std.mode_cues == {"home_visit": ("来我家看看",)}
    assert std.beneficiary_cues == {"elderly": ("老寿星",)}


def test_the_catalogues_cues_add_to_the_general_ones():
    reading = _index(with_catalogue(bare_standard(), CATALOGUE)).read("老寿星想请人来我家看看")

    assert "home_visit" in reading.modes
    assert "elderly" in reading.beneficiaries


def test_what_a_category_does_not_cover_counts_against_it():
    text = "小区公共设施的维修没人管"
    plain = dict(CATALOGUE, categories=[dict(REPAIR, excludes=[])])
    std_without = with_catalogue(bare_standard(), plain)
    std_with = with_catalogue(bare_standard(), CATALOGUE)

    def repair(std: Standard) -> float:
        guesses = _index(std).read(text, limit=40).categories
        return next(g.probability for g in guesses if g.code == "home_repair")

    assert repair(std_with) < repair(std_without)
