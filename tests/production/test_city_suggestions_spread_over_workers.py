"""Every open need's suggestions, split by street over two real Celery workers on Redis
and PostgreSQL, are what one process writes; once written, the streets' results are gone
from the result backend."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from tests.matching.test_match_all_spread_by_street import _match, spread_district
from tests.production.conftest import purge_queue, stored_results

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(300),
]


def test_suggestions_split_by_street_over_two_workers_equal_one_process(
    start_worker: Callable[..., subprocess.Popen[bytes]],
) -> None:
    lone = spread_district()
    alone = _match()
    purge_queue()  # whatever earlier work left on this broker
    kept_before = stored_results("matching.tasks.suggest_for_street")
    first, second = start_worker("w1"), start_worker("w2")

    spread = _match("--spread", "--timeout", "240")

    assert first.poll() is None
    assert second.poll() is None
    assert spread == alone
    assert stored_results("matching.tasks.suggest_for_street") <= kept_before
    assert f'"need": "{lone}"' in spread
