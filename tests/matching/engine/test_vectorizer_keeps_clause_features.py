"""A vectorizer works out each clause's features once, however many blocks of texts ask
for them, and works them out anew once a word taught since may cut the clause otherwise."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matching.engine import text


def _same(a: sp.csr_matrix, b: sp.csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


@pytest.fixture
def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The clauses whose features are worked out from here on."""
    runs: list[str] = []
    real = text._run_features

    def counted(run: str, characters: bool = False) -> tuple[str, ...]:
        runs.append(run)
        return real(run, characters)

    monkeypatch.setattr(text, "_run_features", counted)
    return runs


def test_a_vectorizer_works_out_a_clause_once_for_every_block(worked_out: list[str]) -> None:
    texts = ["老人助餐送饭上门", "周末义剪，老人助餐送饭上门", "理发"]
    vectorizer, fitted = text.Vectorizer.fit_transform(texts)
    worked_out.clear()
    first = vectorizer.transform(texts[:2])
    assert sorted(set(worked_out)) == ["周末义剪", "老人助餐送饭上门"]
    worked_out.clear()
    second = vectorizer.transform(texts)
    assert worked_out == ["理发"]
    worked_out.clear()
    assert _same(vectorizer.transform(texts[:2]), first)
    assert worked_out == []
    # What it keeps is what a vectorizer of the same vocabulary works out afresh.
    fresh = text.Vectorizer(vocabulary=vectorizer.vocabulary, idf=vectorizer.idf)
    assert _same(fresh.transform(texts), second)
    assert sorted(set(worked_out)) == ["周末义剪", "理发", "老人助餐送饭上门"]
    assert _same(second, fitted)


def test_a_word_taught_since_has_the_clause_worked_out_again(worked_out: list[str]) -> None:
    clause = "哔啵嘀嗒咕"  # characters no dictionary joins into this word, nor another test
    vectorizer = text.Vectorizer(vocabulary={"w:哔啵嘀": 0, "c:哔啵": 1}, idf=np.ones(2))
    before = vectorizer.transform([clause])
    assert before.indices.tolist() == [1]
    text.add_words(["哔啵嘀"])
    worked_out.clear()
    after = vectorizer.transform([clause])
    assert worked_out == [clause]
    assert after.indices.tolist() == [0, 1]


def test_a_vectorizer_forgets_what_it_kept_at_its_bound(
    worked_out: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "_CLAUSES_KEPT", 2)
    vectorizer, _ = text.Vectorizer.fit_transform(["老人助餐", "周末义剪", "上门理发"])
    worked_out.clear()
    vectorizer.transform(["老人助餐"])
    vectorizer.transform(["老人助餐"])
    vectorizer.transform(["周末义剪"])
    assert worked_out == ["老人助餐", "周末义剪"]
    # Two kept: the next call starts afresh.
    vectorizer.transform(["老人助餐"])
    assert worked_out == ["老人助餐", "周末义剪", "老人助餐"]
