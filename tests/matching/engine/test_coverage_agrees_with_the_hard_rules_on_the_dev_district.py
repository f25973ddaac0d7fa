"""On the development district, an offering counts towards a community's coverage exactly
when it passes the hard rules as the district's labeller reads them (the rules of the
development data's README, written separately from the ranking) for a need of that
community over the quarter that accepts any delivery mode."""

from __future__ import annotations

import datetime as dt

import pytest

from matching.engine.coverage import coverage, probe, reaching_rows
from matching.engine.evaluation import Grader
from matching.engine.interchange import DistrictFacts
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import DEV, dev_district, standard


def dev_index() -> tuple[DistrictFacts, MatchIndex]:
    return dev_district()


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_every_cell_holds_exactly_the_offerings_the_rules_let_through():
    facts, idx = dev_index()
    grader = Grader(
        standard=standard(),
        places={p.code: p for p in facts.places},
        partners={p.code: p for p in facts.partners},
        category_of={},
    )
    communities = [p.code for p in facts.places if p.level == "community"]
    categories = [c.code for c in standard().categories]
    start, end = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    cells = coverage(
        idx,
        communities=communities,
        categories=categories,
        need_units={},
        start=start,
        end=end,
    )
    category_of = {s.code: s.category for s in idx.summaries()}
    capacity_of = {o.code: o.capacity_left for o in facts.offerings}
    partner_of = {o.code: o.partner for o in facts.offerings}
    by_community: dict[str, set[str]] = {code: set() for code in communities}
    for cell in cells:
        assert all(category_of[code] == cell.category for code in cell.offerings)
        assert cell.reachable_capacity == sum(capacity_of[code] for code in cell.offerings)
        # Counted for all communities at once, listed for one: the two agree.
        assert len(cell.offerings) == len(tuple(cell.offerings))
        assert tuple(cell.partners) == tuple(sorted({partner_of[c] for c in cell.offerings}))
        assert len(cell.partners) == len(tuple(cell.partners))
        by_community[cell.community] |= set(cell.offerings)
    checked = 0
    for community in communities:
        need = probe(community, start, end)
        expected = {o.code for o in facts.offerings if grader.passes_hard_rules(o, need)}
        assert by_community[community] == expected, community
        checked += len(facts.offerings)
    assert len(communities) >= 20
    assert checked == len(communities) * len(facts.offerings)
    # Not trivially all or nothing: each community is reached by some offerings and not
    # by others.
    assert all(0 < len(by_community[c]) < len(facts.offerings) for c in communities)


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_the_rows_of_many_communities_at_once_are_what_their_cells_list() -> None:
    facts, idx = dev_index()
    communities = sorted(p.code for p in facts.places if p.level == "community")
    start, end = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    cells = coverage(
        idx,
        communities=communities,
        categories=list(idx.category_codes),
        need_units={},
        start=start,
        end=end,
    )
    rows = reaching_rows(idx, communities=communities, start=start, end=end)
    offerings: dict[tuple[str, str], set[str]] = {}
    partners: dict[tuple[str, str], set[str]] = {}
    for need, row, k, p in zip(
        rows.need.tolist(),
        rows.offering.tolist(),
        rows.category.tolist(),
        rows.partner.tolist(),
        strict=True,
    ):
        cell = (communities[need], idx.category_codes[k])
        offerings.setdefault(cell, set()).add(idx.offering_codes[row])
        partners.setdefault(cell, set()).add(rows.partner_codes[p])
    listed = {(c.community, c.category): c for c in cells if len(c.offerings)}
    assert set(offerings) == set(listed)
    for cell, found in listed.items():
        assert offerings[cell] == set(found.offerings), cell
        assert partners[cell] == set(found.partners), cell
    assert len(rows.partner_codes) == len(set(rows.partner_codes))
    assert rows.offering.size > len(communities)
