"""Many needs read for their category (coverage, the network) keep their readings: the
same needs asked again are not read again, by the index or by its copies with other
capacity or partners; a need whose text changed is read anew, and an index with other
confirmed examples reads everything anew, as those examples say."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from matching.engine.ranking import MatchIndex
from matching.engine.types import NeedFacts, TextExample
from tests.matching.engine.builders import PLACES, offering, partner, standard

OFFERINGS = [
    offering("O1", category="home_repair", title="水电维修", description="师傅上门修水管换龙头"),
    offering("O2", category="venue", title="活动室借用", description="社区活动室免费借给居民"),
    offering("O3", category="funding", title="公益金", description="为社区微项目提供资金支持"),
]
NEEDS = [
    NeedFacts(code="N1", community="D-S1-C1", title="楼道里的声控灯一到晚上就不亮"),
    NeedFacts(code="N2", community="D-S1-C1", title="想办个活动，缺个大点的地方"),
    NeedFacts(code="N3", community="D-S1-C1", title="小区想装几个座椅，没有经费"),
]


@pytest.fixture
def index() -> MatchIndex:
    return MatchIndex.build(
        standard=standard(), places=PLACES, partners=[partner("P1")], offerings=OFFERINGS
    )


def _counting(index: MatchIndex, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many needs each pass through the model read, for ``index`` and its copies."""
    read: list[int] = []
    model_pass = MatchIndex._need_categories

    def counted(self: MatchIndex, needs: Any, vectors: Any) -> Any:
        read.append(len(needs))
        return model_pass(self, needs, vectors)

    monkeypatch.setattr(MatchIndex, "_need_categories", counted)
    return read


def test_needs_asked_again_are_not_read_again(
    index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _counting(index, monkeypatch)
    first = index.read_categories(NEEDS, limit=1)
    assert read == [3]
    assert first == [index.read_need(n, limit=1) for n in NEEDS]
    read.clear()

    assert index.read_categories(NEEDS, limit=1) == first
    assert index.with_capacity({"O1": 0}).read_categories(NEEDS, limit=1) == first
    assert index.with_partners([partner("P1", load=3)]).read_categories(NEEDS, limit=1) == first
    assert read == []

    changed = replace(NEEDS[1], title="水管漏水了，想找个师傅")
    again = index.read_categories([NEEDS[0], changed], limit=1)
    assert read == [1]
    assert again == [first[0], index.read_need(changed, limit=1)]


def test_an_index_with_other_examples_reads_the_needs_anew(
    index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = index.read_categories(NEEDS, limit=1)
    assert before[0][0].code != "household_help"
    corrected = index.with_examples(
        [TextExample(text=NEEDS[0].title, category="household_help", district="D")]
    )
    read = _counting(corrected, monkeypatch)

    after = corrected.read_categories(NEEDS, limit=1)
    assert read == [3]
    assert after[0][0].code == "household_help"
    assert index.read_categories(NEEDS, limit=1) == before
