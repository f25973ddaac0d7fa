"""A city-wide refresh of stored suggestions, split by street into a chord that two real
Celery workers share, stores exactly what one process stores alone."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from matching.batches import city_refresh, street_ids
from matching.models import Suggestion
from matching.services import suggestions_refresh_area
from needs.interchange.importer import import_document
from needs.interchange.synthetic import generate_region
from tests.production.conftest import purge_queue

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(300),
]


def _stored() -> list[tuple[str, int, str, float, str]]:
    return sorted(
        (row.need.code, row.rank, row.offering.code, round(row.score, 9), repr(row.reasons))
        for row in Suggestion.objects.select_related("need", "offering")
    )


def test_refresh_split_by_street_over_two_workers_equals_one_process(
    start_worker: Callable[..., subprocess.Popen[bytes]],
) -> None:
    import_document(generate_region(offerings=400, needs=150, seed=11))
    assert len(street_ids()) >= 2

    total_alone = suggestions_refresh_area(community_id=None)
    alone = _stored()
    assert total_alone == len(alone) > 0
    Suggestion.objects.all().delete()
    purge_queue()  # the import's own refresh, which would run before the chord

    first, second = start_worker("w1"), start_worker("w2")
    total_spread = city_refresh().get(timeout=240)

    assert first.poll() is None
    assert second.poll() is None
    assert total_spread == total_alone
    assert _stored() == alone
