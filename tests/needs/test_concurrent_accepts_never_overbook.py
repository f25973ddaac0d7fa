"""Concurrent accepts against one offering: the offering's row lock serialises the
capacity check, so exactly its capacity is accepted and the rest are refused clearly.
Real threads, each with its own PostgreSQL connection and transaction."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from core.errors import ConflictError
from matching.engine.quarters import Quarter
from needs import services
from needs.models import Project
from needs.selectors import capacity_left_by_offering
from partners.models import Role
from tests.factories import (
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    make_tree,
    user_with_role,
)

ATTEMPTS = 24
CAPACITY = 5

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_24_concurrent_accepts_fill_a_capacity_of_5_exactly() -> None:
    tree = make_tree()
    partner = PartnerFactory.create(community=tree["C12"])
    offering = OfferingFactory.create(partner=partner, capacity=CAPACITY)
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
    projects = [
        ProjectFactory.create(
            need=NeedFactory.create(community=tree["C11"]),
            offering=offering,
            status="dispatched",
            quarter="2026Q4",
        )
        for _ in range(ATTEMPTS)
    ]
    start = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def accept(project: Project) -> None:
        actor: Any = type(member).objects.get(pk=member.pk)
        try:
            start.wait()
            services.project_accept(actor=actor, project=project)
            outcome = "accepted"
        except ConflictError as exc:
            outcome = "refused"
            with lock:
                refusals.append(exc.message)
        except Exception as exc:  # any other failure is reported below
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=accept, args=(p,)) for p in projects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["accepted"] * CAPACITY + ["refused"] * (ATTEMPTS - CAPACITY)
    assert all("本季度名额已满" in m and "2026Q4" in m for m in refusals)
    assert Project.objects.filter(offering=offering, status="accepted").count() == CAPACITY
    left = capacity_left_by_offering(quarter=Quarter(2026, 4), offering_ids=[offering.pk])
    assert left == {offering.pk: 0}
    print(
        f"{ATTEMPTS} concurrent accepts, capacity {CAPACITY}: {outcomes.count('accepted')} "
        f"accepted, {outcomes.count('refused')} refused"
    )
