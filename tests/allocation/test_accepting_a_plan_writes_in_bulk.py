"""Accepting a plan writes its proposed projects in bulk: the same number of queries for
three pairings as for thirty, each project with its event, the accepting administrator
responsible for needs nobody held, one entry in the index's change log; and one refused
pairing (a need cancelled since) leaves nothing written, naming the pair."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from changes.models import IndexChange
from core.errors import ConflictError
from matching.allocation import allocation_commit, parse_quarter
from needs.models import Need, Project, ProjectEvent
from tests.allocation.conftest import QUARTER
from tests.factories import NeedFactory


def _needs(district: dict[str, Any], count: int) -> list[Need]:
    return [
        NeedFactory.create(
            code=f"N-BULK-{i:03d}",
            community=district["tree"]["C21"],
            category_id="legal_aid",
            responsible=None,
        )
        for i in range(count)
    ]


def _plan(needs: list[Need]) -> dict[str, Any]:
    return {
        "assignments": [
            {"need": n.code, "offering": "O-LAW", "quantity": 1, "score": 0.5, "kept": False}
            for n in needs
        ],
        "unfilled": [],
    }


def _commit(admin: Any, needs: list[Need]) -> tuple[list[Project], int]:
    with CaptureQueriesContext(connection) as queries:
        projects = allocation_commit(
            actor=admin, quarter=parse_quarter(QUARTER), payload=_plan(needs)
        )
    return projects, len(queries)


def test_thirty_pairings_cost_the_queries_of_three(
    district: dict[str, Any], district_admin: Any
) -> None:
    needs = _needs(district, 36)
    _commit(district_admin, needs[:3])  # what a first write reads once per process
    changes_before = IndexChange.objects.count()

    few, few_queries = _commit(district_admin, needs[3:6])
    many, many_queries = _commit(district_admin, needs[6:])

    assert len(few) == 3
    assert len(many) == 30
    assert many_queries == few_queries
    assert IndexChange.objects.count() == changes_before + 2
    created = Project.objects.filter(need__code__startswith="N-BULK-")
    assert created.count() == 36
    assert set(created.values_list("status", "quarter", "created_by")) == {
        ("proposed", QUARTER, district_admin.pk)
    }
    assert ProjectEvent.objects.filter(project__in=created, action="create").count() == 36
    assert set(
        Need.objects.filter(code__startswith="N-BULK-").values_list("responsible", "status")
    ) == {(district_admin.pk, "open")}


def test_one_refused_pairing_writes_nothing_and_names_the_pair(
    district: dict[str, Any], district_admin: Any
) -> None:
    needs = _needs(district, 5)
    Need.objects.filter(pk=needs[3].pk).update(status=Need.Status.CANCELLED)

    with pytest.raises(ConflictError, match="N-BULK-003 / O-LAW"):
        _commit(district_admin, needs)

    assert not Project.objects.filter(need__code__startswith="N-BULK-").exists()
    assert not Need.objects.filter(code__startswith="N-BULK-", responsible__isnull=False).exists()


def test_a_pairing_made_meanwhile_is_refused(district: dict[str, Any], district_admin: Any) -> None:
    needs = _needs(district, 2)
    _commit(district_admin, needs[:1])

    with pytest.raises(ConflictError, match="already paired"):
        _commit(district_admin, needs)

    assert Project.objects.filter(need__code__startswith="N-BULK-").count() == 1
