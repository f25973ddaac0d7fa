"""An index keeps each community's masks and eligible offerings for the next need of the
same community, within a memory budget: at a city's 300,000 offerings, 2,048
communities' worth took gigabytes. Whatever it keeps, rankings are the same. Its areas
alone (a byte per offering) have a budget of their own, so that a partner's
opportunities, which read the area of every community with open needs, find them kept
for the next partner."""

from __future__ import annotations

import pytest

from matching.engine import ranking
from matching.engine.ranking import MatchIndex
from matching.engine.types import NeedFacts
from tests.matching.engine.builders import DEV, dev_district


def _index() -> tuple[MatchIndex, list[NeedFacts]]:
    facts, built = dev_district()
    return built, list(facts.needs)


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_a_tight_budget_keeps_few_communities_and_ranks_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    roomy, needs = _index()
    communities = {n.community for n in needs}
    assert len(communities) > 16
    monkeypatch.setattr(ranking, "COVERAGE_CACHE_BYTES", 1)
    monkeypatch.setattr(ranking, "AREA_CACHE_BYTES", 1)
    tight, _ = _index()
    assert tight._cache_room == 16
    assert tight._coverage_room == 16
    for need in needs:
        assert tight.rank(need, limit=5) == roomy.rank(need, limit=5)
        assert len(tight._coverage) <= 16
        assert len(tight._eligible_cache) <= 16
    # Not trivially within the budget: the roomy index kept every community.
    assert len(roomy._eligible_cache) >= len(communities)


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_each_communitys_area_is_read_once_for_many_partners_opportunities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Masks and eligible offerings kept for 16 communities only: the areas still all fit.
    monkeypatch.setattr(ranking, "COVERAGE_CACHE_BYTES", 1)
    idx, needs = _index()
    readings = idx.read_needs(needs)
    assert len({n.community for n in needs}) > 16
    read: list[str] = []
    chain = MatchIndex._chain

    def reading(self: MatchIndex, code: str) -> tuple[str, ...]:
        read.append(code)
        return chain(self, code)

    monkeypatch.setattr(MatchIndex, "_chain", reading)
    offerings: dict[str, list[str]] = {}
    for code, partner in zip(idx.offering_codes, idx._offerings.partner_codes, strict=True):
        offerings.setdefault(partner, []).append(code)
    found = [idx.opportunities(readings, codes, limit=5) for codes in offerings.values()]
    assert sum(len(f) for f in found) > 0
    assert len(read) > 16
    assert len(read) == len(set(read))
