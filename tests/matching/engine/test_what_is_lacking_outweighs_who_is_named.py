"""A text naming people (老人, 孩子) and something lacking or broken (a place, money, a
repair) is read as what is lacking: the words naming people count less in the text
(the beneficiary prior already weighs whom), and the clause saying what is lacking
counts more. The same district without those two weights reads it by whom it names."""

from __future__ import annotations

from typing import Any

import pytest

from matching.engine import categories, reading
from matching.engine.catalogue import with_catalogue
from matching.engine.ranking import MatchIndex
from matching.engine.reading import focus_of
from tests.matching.engine.builders import PLACES, bare_standard, offering, partner

OFFERINGS = [
    offering(
        "O1",
        category="elderly_meal",
        title="老人助餐",
        description="给社区老人送午饭，老人吃得上热饭",
    ),
    offering(
        "O2",
        category="elderly_care",
        title="老人探访",
        description="志愿者陪老人聊天，照看独居老人",
    ),
    offering("O3", category="venue", title="会议室开放", description="企业会议室周末可借用"),
    offering(
        "O4", category="home_repair", title="家电维修", description="师傅上门修理空调、冰箱等家电"
    ),
]
CATALOGUE: dict[str, Any] = {
    "categories": [
        {
            "code": "venue",
            "situations": ["活动室太小坐不下", "想借个礼堂办晚会", "舞蹈队没地方排练"],
            "keywords": ["场地"],
        },
        {"code": "elderly_meal", "situations": ["老人做饭不方便"]},
    ],
}
TEXT = "重阳节想给老人们办个茶话会，缺个宽敞的地方"


@pytest.fixture(autouse=True)
def _cosines_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two weights are the category model's: its cosines are read alone here (a
    catalogue of two entries would teach the catalogue's classifier next to nothing)."""
    monkeypatch.setattr(categories, "CLASSIFIER_WEIGHT", 0.0)


def _read(text: str) -> str:
    idx = MatchIndex.build(
        standard=with_catalogue(bare_standard(), CATALOGUE),
        places=PLACES,
        partners=[partner("P1")],
        offerings=OFFERINGS,
    )
    return idx.read(text).categories[0].code


def test_what_is_lacking_is_read_before_who_is_named() -> None:
    assert _read(TEXT) == "venue"


def test_without_the_two_weights_the_people_named_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(categories, "PERSON_WEIGHT", 1.0)
    monkeypatch.setattr(reading, "FOCUS_WEIGHT", 0.0)

    assert _read(TEXT) != "venue"


BROKEN = "午饭做不动，饭也吃不下，家里空调坏了"


def test_what_is_broken_is_read_before_the_scene_around_it() -> None:
    assert _read(BROKEN) == "home_repair"


def test_without_the_focus_the_scene_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "FOCUS_WEIGHT", 0.0)

    assert _read(BROKEN) == "elderly_meal"


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("空调坏了，家里有个九十多的老人", "空调坏了"),
        ("想办个运动会；场地有了，经费不够。", "经费不够"),
        ("楼道灯不亮 水管也漏水 住着几户老人", "楼道灯不亮，水管也漏水"),
        ("想请老师来教太极拳", ""),  # nothing lacking or broken
        ("缺钱", ""),  # one clause: nothing to single out
    ],
)
def test_the_focus_is_the_clauses_saying_what_is_lacking_or_broken(text: str, focus: str) -> None:
    assert focus_of(text) == focus
