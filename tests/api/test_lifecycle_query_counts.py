"""The project detail, requests and notifications lists run a fixed number of queries
whatever their size (no N+1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from needs import services
from needs.models import Notification, Project, ProjectEvent, ResidentRequest
from partners.models import Community, Partner
from tests.factories import NeedFactory, OfferingFactory

ROWS = 60
# Scope (roles, tree), count, page, and one query per prefetched relation.
MAX_QUERIES = 6


@pytest.mark.parametrize("page_size", [5, 60])
def test_request_list(
    client_for: Any,
    secretary_a: Any,
    resident: Any,
    partner_a: Partner,
    tree: dict[str, Community],
    django_assert_max_num_queries: Any,
    page_size: int,
) -> None:
    offering = OfferingFactory.create(partner=partner_a, capacity=500)
    for i in range(ROWS):
        request = ResidentRequest.objects.create(
            community=tree["C11"], text=f"点单{i}", resident=resident, phone="13900001111"
        )
        if i % 2:
            need = services.request_convert(actor=secretary_a, request=request)
            Project.objects.create(need=need, offering=offering, quarter="2026Q4")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_for(secretary_a).get(reverse("request-list"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 60])
def test_notification_list(
    client_for: Any,
    member_a: Any,
    tree: dict[str, Community],
    django_assert_max_num_queries: Any,
    page_size: int,
) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=member_a, kind="dispatched", text=f"新派单{i}") for i in range(ROWS)
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_for(member_a).get(reverse("notification-list"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("events", [2, 40])
def test_project_detail_with_a_long_timeline(
    client_for: Any,
    secretary_a: Any,
    member_a: Any,
    partner_a: Partner,
    tree: dict[str, Community],
    django_assert_max_num_queries: Any,
    events: int,
) -> None:
    project = Project.objects.create(
        need=NeedFactory.create(community=tree["C11"]),
        offering=OfferingFactory.create(partner=partner_a),
        quarter="2026Q4",
        status="delivered",
    )
    ProjectEvent.objects.bulk_create(
        ProjectEvent(project=project, action="start", to_status="in_progress", actor=member_a)
        for _ in range(events)
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_for(secretary_a).get(reverse("project-detail", args=[project.pk]))
    assert len(response.json()["timeline"]) == events
