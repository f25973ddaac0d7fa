"""City-wide batches split into Celery tasks that any number of workers can share.

A street's needs are ranked against the whole city's offerings, so the parts are
independent: each stores the suggestions of the open needs under one street, and the
stored rows are the same whether one process or many did the work (shown by
``tests/production/test_city_refresh_spread_over_workers.py``). Without a broker the
tasks run one after the other in-process.
"""

from __future__ import annotations

from celery import chord
from celery.result import AsyncResult

from matching import tasks
from partners.models import Community
from partners.selectors import community_subtree_ids


def street_ids() -> list[int]:
    """The streets whose needs form one part each (every community with a need hangs
    under one street: needs sit at community level or below)."""
    return list(
        Community.objects.filter(level=Community.Level.STREET)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def city_refresh() -> AsyncResult:
    """Enqueue the refresh of every open need's stored suggestions as a chord: one
    ``refresh_area_suggestions`` per street, then their total. Needs outside every street
    (none, with a well-formed tree) go in one more part of their own."""
    streets = street_ids()
    parts = [tasks.refresh_area_suggestions.si(street) for street in streets]
    covered = community_subtree_ids(streets)
    outside = Community.objects.exclude(pk__in=covered).filter(level=Community.Level.COMMUNITY)
    parts += [tasks.refresh_area_suggestions.si(c) for c in outside.values_list("pk", flat=True)]
    return chord(parts)(tasks.add_counts.s())
