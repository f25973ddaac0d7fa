"""nDCG@k (gain 2^grade - 1) and P@1 (top result graded 2 or more) by hand."""

from __future__ import annotations

import math

import pytest

from matching.engine.metrics import ndcg_at_k, precision_at_1

GRADES = {"a": 3, "b": 2, "c": 1}


def test_ideal_order_scores_one():
    assert ndcg_at_k(["a", "b", "c"], GRADES) == pytest.approx(1.0)


def test_swapped_order_scores_the_ratio_of_gains():
    ideal = 7 + 3 / math.log2(3) + 1 / 2
    got = 3 + 7 / math.log2(3) + 1 / 2
    assert ndcg_at_k(["b", "a", "c"], GRADES) == pytest.approx(got / ideal)


def test_only_the_first_k_count():
    assert ndcg_at_k(["x", "a"], GRADES, k=1) == 0.0


def test_unlisted_codes_have_no_gain():
    assert ndcg_at_k(["x", "y"], GRADES) == 0.0


def test_precision_at_one_counts_grade_two_or_more():
    assert precision_at_1(["b", "x"], GRADES) == 1.0
    assert precision_at_1(["c", "a"], GRADES) == 0.0
    assert precision_at_1([], GRADES) == 0.0
