"""Stored suggestions: the task ranks every open need of an area and keeps its top
offerings; writes refresh the needs they affect once committed."""

from typing import Any

import pytest

from matching import services, tasks
from matching.models import Suggestion
from matching.selectors import matches_for, suggestions_for
from needs.interchange import import_document
from partners.services import offering_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stored(code: str) -> list[str]:
    return list(
        Suggestion.objects.filter(need__code=code)
        .order_by("rank")
        .values_list("offering__code", flat=True)
    )


def test_task_stores_the_ranking_of_every_open_need(district: Any) -> None:
    tasks.refresh_area_suggestions.delay(None)
    for need in district["needs"].values():
        ranking = matches_for(need=need, limit=services.SUGGESTIONS_KEPT)
        rows = list(suggestions_for(need=need))
        assert [s.offering.code for s in rows] == [m.offering for m in ranking.matches]
        assert [s.rank for s in rows] == list(range(1, len(rows) + 1))
        assert [s.score for s in rows] == pytest.approx([m.score for m in ranking.matches])
        for row, match in zip(rows, ranking.matches, strict=True):
            assert [r["code"] for r in row.reasons] == [r.code for r in match.reasons]
    assert stored("N-BP")[0] == "O-HEALTH-S1"


def test_task_keeps_to_its_area(district: Any) -> None:
    tasks.refresh_area_suggestions.delay(district["tree"]["S2"].pk)
    assert stored("N-LAW")
    assert not stored("N-BP")


def test_needs_no_longer_open_lose_their_suggestions(district: Any) -> None:
    tasks.refresh_area_suggestions.delay(None)
    assert stored("N-REPAIR")
    district["needs"]["repair"].status = "cancelled"
    district["needs"]["repair"].save()
    services.suggestions_refresh_area(community_id=None)
    assert not stored("N-REPAIR")


def test_new_offering_refreshes_the_suggestions_it_affects_on_commit(
    district: Any, django_capture_on_commit_callbacks: Any
) -> None:
    tasks.refresh_area_suggestions.delay(None)
    admin = UserFactory.create(username="root", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        offering_create(
            actor=admin,
            data={
                "code": "O-BP-NEW",
                "partner": "P-CLINIC",
                "title": "社区测血压",
                "description": "为老人测血压",
                "category": "health_checkup",
                "modes": ["at_center"],
                "service_area": {"communities": ["BA-S1-C1"]},
                "beneficiaries": ["elderly"],
                "capacity": 5,
            },
        )
    assert len(callbacks) == 1, "one refresh enqueued when the write commits"
    assert "O-BP-NEW" in stored("N-BP")
    assert "O-BP-NEW" not in stored("N-LAW"), "outside the offering's area"


def test_import_refreshes_every_open_need_after_it_commits(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    document = {
        "format": "jinlin-interchange/1",
        "communities": [
            {"code": "T", "name": "测试区", "level": "district", "parent": None},
            {"code": "T-S1", "name": "测试街道", "level": "street", "parent": "T"},
            {
                "code": "T-S1-C1",
                "name": "测试社区",
                "level": "community",
                "parent": "T-S1",
                "lat": 22.6,
                "lng": 113.9,
            },
        ],
        "partners": [{"code": "T-P1", "name": "测试医院", "kind": "unit", "community": "T-S1-C1"}],
        "offerings": [
            {
                "code": "T-O1",
                "partner": "T-P1",
                "title": "老人义诊测血压",
                "category": "health_checkup",
                "modes": ["at_center"],
                "service_area": {"communities": ["T-S1"]},
                "beneficiaries": ["elderly"],
                "capacity": 4,
            }
        ],
        "meetings": [],
        "needs": [
            {
                "code": "T-N1",
                "community": "T-S1-C1",
                "title": "老人想测血压",
                "category": "health_checkup",
                "modes": ["at_center"],
                "beneficiaries": ["elderly"],
                "window": {"start": "2026-10-01", "end": "2027-06-30"},
            }
        ],
    }
    with django_capture_on_commit_callbacks(execute=True):
        import_document(document)
    assert stored("T-N1") == ["T-O1"]
