"""An index with no offerings answers with no matches rather than failing."""

from __future__ import annotations

from tests.matching.engine.builders import index, need, offering, partner, ranked


def test_empty_index_ranks_nothing_and_still_reads_text():
    idx = index([])
    assert ranked(idx, need(), explain=True) == []
    assert idx.rank_many([need(), need("N2")]) != []
    assert idx.eligible(need()) == ()
    assert idx.suggest_categories("想请律师咨询法律问题")[0].code == "legal_aid"


def test_offerings_added_to_an_empty_index_are_ranked():
    grown = index([]).with_partners([partner("P1")]).with_offerings([offering("A")])
    assert ranked(grown, need()) == ["A"]


def test_need_in_an_unknown_community_gets_only_online_offerings():
    idx = index([offering("HERE"), offering("WEB", modes=frozenset({"online"}))])
    assert ranked(idx, need(community="ELSEWHERE")) == ["WEB"]
