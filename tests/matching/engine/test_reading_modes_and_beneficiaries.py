"""A text's reading names the delivery modes and beneficiary groups it implies."""

from __future__ import annotations

import pytest

from matching.engine.ranking import MatchIndex
from matching.engine.types import OfferingFacts
from tests.matching.engine.builders import PLACES, bare_standard, index, offering, partner


def _bare_index(offerings: list[OfferingFacts]) -> MatchIndex:
    return MatchIndex.build(
        standard=bare_standard(), places=PLACES, partners=[partner("P1")], offerings=offerings
    )


@pytest.fixture(scope="module")
def idx():
    return index([offering("O1")])


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("老人下不了楼，想请师傅来家里剪头发", "home_visit"),
        ("能不能上门帮忙看看", "home_visit"),
        ("想搞个线上讲座，大家在家看视频", "online"),
    ],
)
def test_the_mode_a_text_implies_is_read(idx, text, mode):
    assert mode in idx.read(text).modes


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("楼里好几位独居老人没人照看", "elderly"),
        ("孩子放学没人接", "children"),
        ("外卖骑手中午没地方歇脚", "new_employment"),
        ("厂里裁员，他下岗在家，想找份工作", "job_seekers"),
    ],
)
def test_the_group_a_text_names_is_read(idx, text, group):
    assert group in idx.read(text).beneficiaries


def test_a_text_naming_no_mode_or_group_suggests_none(idx):
    # A repair would imply a home visit (see below); a class implies nothing.
    reading = idx.read("想学打太极拳")
    assert reading.categories[0].code == "sports"
    assert reading.modes == ()
    assert reading.beneficiaries == ()


def test_a_service_only_delivered_at_home_implies_a_home_visit():
    repairs = index(
        [
            offering("R1", category="home_repair", title="水电维修", description="修水管换龙头"),
            offering("R2", category="home_repair", title="水管维修", description="水管漏水维修"),
            offering("C1", category="sports", title="太极拳班", description="教练带练太极拳"),
        ]
    )
    reading = repairs.read("卫生间水管漏水")

    assert reading.confident
    assert reading.categories[0].code == "home_repair"
    assert reading.modes == ("home_visit",)


def test_an_unsure_reading_implies_no_mode():
    reading = _bare_index([offering("O1", category="home_repair")]).read("今天天气不错")

    assert not reading.confident
    assert reading.modes == ()
