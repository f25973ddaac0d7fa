"""BM25 over jieba tokens ranks by words in common; ``only`` keeps it behind the hard rules."""

from __future__ import annotations

from matching.engine.baselines import Bm25Baseline
from tests.matching.engine.builders import need, offering, standard

OFFERINGS = [
    offering("CUT", title="上门理发", description="理发师上门剪发"),
    offering("LAW", category="legal_aid", title="律师咨询", description="合同纠纷法律咨询"),
    offering("FIX", category="home_repair", title="家电维修", description="上门修理冰箱洗衣机"),
]


def test_offering_sharing_the_needs_words_ranks_first():
    bm25 = Bm25Baseline(OFFERINGS, standard())
    assert bm25.rank(need(title="想找律师", description="合同纠纷"))[0] == "LAW"


def test_only_restricts_the_ranking_to_the_given_codes():
    bm25 = Bm25Baseline(OFFERINGS, standard())
    ranked = bm25.rank(need(title="想找律师", description="合同纠纷"), only=["CUT", "FIX"])
    assert "LAW" not in ranked
    assert set(ranked) <= {"CUT", "FIX"}


def test_limit_caps_the_ranking():
    assert len(Bm25Baseline(OFFERINGS, standard()).rank(need(), limit=2)) == 2
