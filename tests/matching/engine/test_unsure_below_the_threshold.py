"""A reading is confident only when its first category's probability reaches CONFIDENT;
a text the engine cannot place is read as unsure, with its top three to pick from."""

from __future__ import annotations

from matching.engine.categories import CONFIDENT
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import PLACES, bare_standard, offering, partner

OFFERINGS = [
    offering("O1", category="haircut", title="爱心理发", description="理发师每月到社区给老人剪发"),
    offering("O2", category="haircut", title="上门理发", description="为卧床老人上门剪发修面"),
    offering("O3", category="legal_aid", title="律师坐班", description="律师解答合同纠纷"),
]


def _index() -> MatchIndex:
    return MatchIndex.build(
        standard=bare_standard(), places=PLACES, partners=[partner("P1")], offerings=OFFERINGS
    )


def test_a_clear_text_is_read_confidently():
    reading = _index().read("想请理发师给老人剪发")

    assert reading.categories[0].code == "haircut"
    assert reading.categories[0].probability >= CONFIDENT
    assert reading.confident


def test_a_text_the_engine_cannot_place_is_unsure_with_three_to_pick_from():
    reading = _index().read("今天天气不错")

    assert reading.categories[0].probability < CONFIDENT
    assert not reading.confident
    assert len(reading.categories) == 3
