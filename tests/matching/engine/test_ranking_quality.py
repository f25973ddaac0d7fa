"""Ranking quality on labelled districts: the development district and generated ones.

These measure the product against its targets and can fail: nDCG@10 of at least 0.95 on
the development district, at least 0.90 on generated districts written in other words,
and never a proposed offering that breaks a hard rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import synthetic
from matching.engine.evaluation import (
    evaluate,
    generated_truth,
    label_district,
)
from matching.engine.interchange import facts_from_document
from tests.matching.engine.builders import standard

DEV = Path("/work/shared/data/dev")
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_development_district_meets_the_quality_bar():
    doc = json.loads((DEV / "region.json").read_text(encoding="utf-8"))
    labels = json.loads((DEV / "labels.json").read_text(encoding="utf-8"))
    result = evaluate(doc, labels, standard(), baselines=False, out=None)
    assert result["violations"] == 0
    assert result["engine"].ndcg >= 0.95


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12])
def test_generated_district_meets_the_unseen_district_bar(seed):
    generator = synthetic
    doc = generator.generate_region(offerings=800, needs=150, seed=seed)
    labels = label_district(
        facts_from_document(doc), standard(), generated_truth(doc, generator.CONTENT)
    )
    result = evaluate(doc, labels, standard(), baselines=False, out=None)
    assert result["violations"] == 0
    assert result["engine"].ndcg >= 0.90
