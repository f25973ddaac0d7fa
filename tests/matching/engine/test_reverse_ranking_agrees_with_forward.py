"""Ranking in reverse (认领) agrees with ranking forward, on the development district:
every (need, offering) pair in a partner's opportunities has the score and reasons the
need's own ranking gives that offering (the same numbers: the text similarity is one
product in both directions), and every offering of the partner that a need's
own ranking proposes brings that need into the partner's opportunities."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from tests.matching.engine.builders import dev_district

TODAY = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def district():
    return dev_district()


def _partners_with_offerings(facts, count):
    by_partner = defaultdict(list)
    for offering in facts.offerings:
        by_partner[offering.partner].append(offering.code)
    return sorted(by_partner.items())[:: max(1, len(by_partner) // count)][:count]


def test_every_opportunity_has_the_score_of_the_needs_own_ranking(district):
    facts, index = district
    needs = facts.needs
    readings = index.read_needs(needs)
    by_code = {n.code: n for n in needs}
    checked = 0
    for _partner, codes in _partners_with_offerings(facts, 10_000):
        for opportunity in index.opportunities(readings, codes, limit=15, today=TODAY):
            need = by_code[opportunity.need]
            forward = index.rank(need, limit=len(facts.offerings), today=TODAY)
            own = {m.offering: m for m in forward.matches}
            match = opportunity.match
            assert match.offering in codes
            assert match.offering in own, (need.code, match.offering)
            assert own[match.offering].score == match.score
            assert own[match.offering].reasons == match.reasons
            checked += 1
    assert checked >= 300


def test_a_partner_proposed_forward_finds_the_need_in_reverse(district):
    facts, index = district
    needs = facts.needs[:300]
    readings = index.read_needs(needs)
    partners = dict(_partners_with_offerings(facts, 25))
    owner = {code: p for p, codes in partners.items() for code in codes}
    expected: dict[str, dict[str, float]] = defaultdict(dict)
    for need in needs:
        for match in index.rank(need, limit=len(facts.offerings), today=TODAY).matches:
            partner = owner.get(match.offering)
            if partner is not None:
                best = expected[partner].get(need.code, 0.0)
                expected[partner][need.code] = max(best, match.score)
    assert sum(len(v) for v in expected.values()) >= 50
    for partner, wanted in expected.items():
        found = index.opportunities(readings, partners[partner], limit=len(needs), today=TODAY)
        got = {o.need: o.match.score for o in found}
        assert set(got) == set(wanted), partner
        for code, score in wanted.items():
            assert got[code] == score
        scores = [o.match.score for o in found]
        assert scores == sorted(scores, reverse=True)


def test_a_need_no_offering_of_the_partner_may_serve_is_not_listed(district):
    facts, index = district
    needs = facts.needs[:200]
    readings = index.read_needs(needs)
    for _partner, codes in _partners_with_offerings(facts, 10):
        for opportunity in index.opportunities(readings, codes, limit=200, today=TODAY):
            need = next(n for n in needs if n.code == opportunity.need)
            assert index.hard_rules_broken(need, opportunity.match.offering, today=TODAY) == ()
