"""On the development district, an offering counts towards a community's coverage exactly
when it passes the hard rules as the district's labeller reads them (the rules of the
development data's README, written separately from the ranking) for a need of that
community over the quarter that accepts any delivery mode."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from matching.engine.coverage import coverage, probe
from matching.engine.evaluation import Grader
from matching.engine.interchange import facts_from_document
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import standard

DEV = Path("/work/shared/data/dev")


@pytest.mark.skipif(not DEV.exists(), reason="development data not present at /work/shared")
def test_every_cell_holds_exactly_the_offerings_the_rules_let_through():
    doc = json.loads((DEV / "region.json").read_text(encoding="utf-8"))
    facts = facts_from_document(doc)
    idx = MatchIndex.build(
        standard=standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )
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
