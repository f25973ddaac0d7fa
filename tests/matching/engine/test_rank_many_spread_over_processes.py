"""A batch's needs read, ranked and fitted over several processes give what one
process gives, bit for bit, in the order the needs were given."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pytest

import synthetic
from matching.engine import spread
from matching.engine.interchange import facts_from_document
from matching.engine.ranking import MatchIndex
from matching.engine.types import Candidates, Ranking
from tests.matching.engine.builders import standard

pytestmark = pytest.mark.skipif(not spread.can_fork(), reason="this process may not fork")

TODAY = dt.date(2026, 10, 2)


@pytest.fixture(scope="module")
def district() -> tuple[MatchIndex, list]:
    facts = facts_from_document(synthetic.generate_region(offerings=900, needs=180, seed=11))
    idx = MatchIndex.build(
        standard=standard(), places=facts.places, partners=facts.partners, offerings=facts.offerings
    )
    # Shuffled, so that the needs given are not in community order.
    needs = list(facts.needs)
    needs = needs[1::2] + needs[::2]
    return idx, needs


@pytest.fixture
def spread_parts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parts of 40 needs; the processes each part ran in, as the parts report them."""
    monkeypatch.setattr(spread, "MIN_PART", 40)
    pids: list[int] = []
    real = spread.spread

    def recording(work, parts, *, processes):
        def noted(part):
            return os.getpid(), work(part)

        done = real(noted, parts, processes=processes)
        pids.extend(pid for pid, _ in done)
        return [result for _, result in done]

    monkeypatch.setattr(spread, "spread", recording)
    return pids


def test_ranked_over_processes_as_in_one(
    district: tuple[MatchIndex, list], spread_parts: list[int]
) -> None:
    idx, needs = district
    alone = idx.rank_many(needs, limit=10, today=TODAY)
    spread_parts.clear()
    spread_over = idx.rank_many(needs, limit=10, today=TODAY, processes=3)
    assert spread_over == alone
    assert [r.need for r in spread_over] == [n.code for n in needs]
    assert all(isinstance(r, Ranking) for r in spread_over)
    assert sum(len(r.matches) for r in alone) > len(needs)
    # Three parts in three processes, this one among them.
    assert len(set(spread_parts)) == 3
    assert os.getpid() in spread_parts


def test_read_and_fitted_over_processes_as_in_one(
    district: tuple[MatchIndex, list], spread_parts: list[int]
) -> None:
    idx, needs = district
    readings = idx.read_needs(needs)
    spread_parts.clear()
    read = idx.read_needs(needs, processes=2)
    assert len(set(spread_parts)) == 2
    assert (read.vectors != readings.vectors).nnz == 0
    assert np.array_equal(read.categories, readings.categories)
    assert np.array_equal(read.weights, readings.weights)

    candidates = idx.rank_many(needs, limit=30, today=TODAY, reasons=False, readings=readings)
    assert (
        idx.rank_many(needs, limit=30, today=TODAY, reasons=False, readings=read, processes=2)
        == candidates
    )
    pairs = [
        (n, [m.offering for m in r.matches[::4]]) for n, r in zip(needs, candidates, strict=True)
    ]
    fitted = idx.fit_many(pairs, readings=readings)
    spread_parts.clear()
    assert idx.fit_many(pairs, readings=read, processes=2) == fitted
    assert len(set(spread_parts)) == 2
    assert any(fitted)


@pytest.mark.parametrize("processes", [1, 3])
def test_candidates_in_one_pass_are_the_rankings_without_reasons(
    district: tuple[MatchIndex, list], spread_parts: list[int], processes: int
) -> None:
    idx, needs = district
    readings = idx.read_needs(needs)
    rankings = idx.rank_many(needs, limit=30, today=TODAY, reasons=False, readings=readings)
    spread_parts.clear()
    read, listed = idx.candidates(needs, limit=30, today=TODAY, processes=processes)
    assert len(set(spread_parts)) == processes
    # The same offerings, scores (bit for bit), categories and weak counts, need by need.
    assert listed.rankings() == rankings
    assert listed.needs == tuple(n.code for n in needs)
    assert listed.starts[-1] == len(listed.offerings) == sum(len(r.matches) for r in rankings)
    assert listed.reasons is None
    assert any(r.weak for r in rankings)
    assert read.needs == tuple(needs)
    assert (read.vectors != readings.vectors).nnz == 0
    assert np.array_equal(read.categories, readings.categories)
    assert np.array_equal(read.weights, readings.weights)
    # The readings serve later calls as those read apart do.
    assert idx.rank_many(needs, limit=5, today=TODAY, readings=read) == idx.rank_many(
        needs, limit=5, today=TODAY
    )


def test_no_needs_no_candidates(district: tuple[MatchIndex, list]) -> None:
    idx, _ = district
    read, listed = idx.candidates([], limit=5)
    assert read.needs == ()
    assert listed.rankings() == []
    assert listed.starts.tolist() == [0]


def test_candidates_and_rankings_convert_both_ways(district: tuple[MatchIndex, list]) -> None:
    idx, needs = district
    rankings = idx.rank_many(needs[:40], limit=8, today=TODAY)
    assert any(m.reasons for r in rankings for m in r.matches)
    listed = Candidates.of(rankings)
    assert listed.rankings() == rankings
    assert listed.scores.dtype == np.float64
