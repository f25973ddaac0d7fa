"""Shared fixtures: the small tree of :func:`tests.factories.make_tree`, a user in each
role over it, an API client signed in as one. Tests marked ``postgres`` need PostgreSQL
and ``redis`` a Redis broker; elsewhere they are skipped with the reason printed
(``-ra``), never silently."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from celery.result import allow_join_result
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from partners.models import Community, Partner, Role
from tests.factories import PartnerFactory, UserFactory, make_tree, user_with_role

# Factories write rows without recording a change, so a saved index named by the data's
# version could describe other rows: every test process builds its own index, and so do
# the processes tests start, unless a test turns snapshots on (``INDEX_SNAPSHOT_DIR``).
os.environ["INDEX_SNAPSHOT_DIR"] = ""


@pytest.fixture(autouse=True)
def _no_index_snapshots(settings: Any) -> None:
    settings.INDEX_SNAPSHOT_DIR = None


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL=postgres://… (SQLite serialises writers)"
    )
    skip_redis = pytest.mark.skip(
        reason="needs a Redis broker and a Celery worker: set CELERY_BROKER_URL=redis://…"
    )
    for item in items:
        if "postgres" in item.keywords and not _on_postgres():
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.CELERY_BROKER_URL.startswith("redis"):
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run in-process in tests, even where a broker is configured; tests marked
    ``redis`` talk to a real worker instead."""
    from config.celery import app

    if "redis" in request.keywords:
        # Celery keeps "waiting on a result would block" in one process-wide flag that every
        # in-process task sets and restores; tasks run from several threads at once (the
        # concurrent accepts) can leave it set, and then waiting on a real worker's result
        # is refused. A test that waits on real workers is allowed to.
        with allow_join_result():
            yield
        return
    # The app reads Django settings under the CELERY namespace, where the prefixed key
    # wins over ``task_always_eager``; setting the short name would change nothing.
    before = app.conf.task_always_eager
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = before


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache, keyed by user id or address; ids come back
    after a test's rollback, so one test's submissions must not count against the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def db_vendor() -> str:
    return connection.vendor


@pytest.fixture(autouse=True)
def _service_standard_after_flush(request: pytest.FixtureRequest) -> None:
    """A transactional test empties every table when it ends, the service standard that a
    migration loads included; the next transactional test gets it back here, since its
    offerings and needs refer to the categories."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if not transactional and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from partners.models import Category

    if not Category.objects.exists():
        load = importlib.import_module("partners.migrations.0002_service_standard").load
        load(apps, None)


@pytest.fixture
def tree(db: None) -> dict[str, Community]:
    return make_tree()


@pytest.fixture
def client_for() -> Callable[[Any], APIClient]:
    """``client_for(user)``: an API client signed in as ``user``."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory.create(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def secretary(tree: dict[str, Community]) -> Any:
    """Secretary of 海裕社区 (BA-S1-C1), which holds the station BA-S1-C1-X1."""
    return user_with_role(Role.Kind.SECRETARY, community=tree["C11"])


@pytest.fixture
def other_secretary(tree: dict[str, Community]) -> Any:
    """Secretary of 九围社区 (BA-S2-C1), in the other street."""
    return user_with_role(Role.Kind.SECRETARY, community=tree["C21"])


@pytest.fixture
def street_admin(tree: dict[str, Community]) -> Any:
    """Administrator of 新安街道 (BA-S1): communities C1, C2 and the station."""
    return user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])


@pytest.fixture
def resident(tree: dict[str, Community]) -> Any:
    """A resident of 海裕社区."""
    return user_with_role(Role.Kind.RESIDENT, community=tree["C11"])


@pytest.fixture
def partner(tree: dict[str, Community]) -> Partner:
    """A verified partner at home in 海裕社区."""
    partner: Partner = PartnerFactory.create(code="P-A", community=tree["C11"])
    return partner


@pytest.fixture
def member(partner: Partner) -> Any:
    """A member of ``partner``."""
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
