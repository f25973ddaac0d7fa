"""A block of needs from many communities is ranked as one set of (need, offering)
pairs: each need still gets exactly what it gets ranked alone, however its block's needs
are mixed and whichever communities they come from."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter

import synthetic
from matching.engine.interchange import facts_from_document
from tests.matching.engine.builders import index_of

TODAY = dt.date(2026, 10, 2)


def test_needs_of_many_communities_mixed_in_a_block_rank_as_each_alone():
    facts = facts_from_document(synthetic.generate_region(offerings=1200, needs=240, seed=11))
    idx = index_of(facts)
    needs = list(facts.needs)
    random.Random(3).shuffle(needs)
    # The shuffled needs interleave many communities, several needs to some of them.
    by_community = Counter(n.community for n in needs)
    assert len(by_community) > 20
    assert max(by_community.values()) > 1
    assert any(a.community != b.community for a, b in itertools.pairwise(needs))

    mixed = idx.rank_many(needs, limit=10, today=TODAY)
    assert sum(len(r.matches) for r in mixed) > 5 * len(needs)
    for n, ranking in zip(needs, mixed, strict=True):
        assert ranking == idx.rank(n, limit=10, today=TODAY), n.code
    # In community order, and a community's needs ranked apart from the rest: the same.
    in_order = sorted(needs, key=lambda n: (n.community, n.code))
    assert {r.need: r for r in idx.rank_many(in_order, limit=10, today=TODAY)} == {
        r.need: r for r in mixed
    }
    community = by_community.most_common(1)[0][0]
    own = [n for n in needs if n.community == community]
    assert idx.rank_many(own, limit=10, today=TODAY) == [
        r for r in mixed if r.need in {n.code for n in own}
    ]
