"""A word taught to the segmenter after a clause was cut changes that clause's cut at
once: a process that has been running cuts a text as one that has just started does."""

from __future__ import annotations

from matching.engine import text


def test_a_clause_cut_before_a_word_is_taught_is_cut_with_it_after() -> None:
    clause = "喵呜啾噜嗒"  # no word of any dictionary, nor of any other test
    before = text.words(clause)
    assert "喵呜啾" not in before
    text.add_words(["喵呜啾"])
    assert "喵呜啾" in text.words(clause)
