"""A text's reading names the delivery modes and beneficiary groups it implies."""

from __future__ import annotations

import pytest

from tests.matching.engine.builders import index, offering


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
        ("四十多岁下岗了，想找份工作", "job_seekers"),
    ],
)
def test_the_group_a_text_names_is_read(idx, text, group):
    assert group in idx.read(text).beneficiaries


def test_a_text_naming_no_mode_or_group_suggests_none(idx):
    reading = idx.read("修水管")
    assert reading.modes == ()
    assert reading.beneficiaries == ()
