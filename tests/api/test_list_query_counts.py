"""List endpoints run the same small number of queries whatever the page size (no N+1)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from partners.models import Community, OfferingArea
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

ROWS = 110
# Scope (roles, tree), count, page, and one query per prefetched relation.
MAX_QUERIES = 6


def build_communities(tree: dict[str, Community]) -> None:
    for i in range(ROWS):
        CommunityFactory.create(code=f"BA-S1-C1-Y{i:03d}", level="station", parent=tree["C11"])


def build_partners(tree: dict[str, Community]) -> None:
    for i in range(ROWS):
        partner = PartnerFactory.create(code=f"Q-P{i:03d}", community=tree["C11"])
        partner.tags.add("长者", f"t{i % 7}")


def build_offerings(tree: dict[str, Community]) -> None:
    for i in range(ROWS):
        offering = OfferingFactory.create(code=f"Q-O{i:03d}", partner__community=tree["C11"])
        offering.tags.add("义诊", f"t{i % 7}")
        OfferingArea.objects.create(offering=offering, community=tree["C12"], position=0)
        OfferingArea.objects.create(offering=offering, community=tree["X1"], position=1)


def build_needs(tree: dict[str, Community]) -> None:
    for i in range(ROWS):
        need = NeedFactory.create(
            code=f"Q-N{i:03d}",
            community=tree["C11"],
            category_id="haircut",
            meeting=MeetingFactory.create(code=f"Q-M{i % 5}", community=tree["C11"]),
        )
        need.tags.add("助老", f"t{i % 7}")


def build_meetings(tree: dict[str, Community]) -> None:
    partners = [PartnerFactory.create(community=tree["C11"]) for _ in range(3)]
    for i in range(ROWS):
        MeetingFactory.create(code=f"Q-M{i:03d}", community=tree["C11"]).attendees.add(*partners)


def build_projects(tree: dict[str, Community]) -> None:
    offering = OfferingFactory.create(partner__community=tree["C11"])
    for i in range(ROWS):
        ProjectFactory.create(
            need=NeedFactory.create(code=f"Q-N{i:03d}", community=tree["C11"]), offering=offering
        )


def build_categories(tree: dict[str, Community]) -> None:
    """The standard's 34 categories come with the migrations."""


ENDPOINTS: list[tuple[str, Callable[[dict[str, Community]], None]]] = [
    ("community-list", build_communities),
    ("partner-list", build_partners),
    ("offering-list", build_offerings),
    ("need-list", build_needs),
    ("meeting-list", build_meetings),
    ("project-list", build_projects),
    ("category-list", build_categories),
]


@pytest.mark.parametrize("page_size", [5, 100])
@pytest.mark.parametrize(("url_name", "build"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_list_queries_do_not_grow_with_the_page(
    tree: Any,
    client_for: Any,
    street_admin: Any,
    django_assert_max_num_queries: Any,
    url_name: Any,
    build: Any,
    page_size: Any,
) -> None:
    build(tree)
    client = client_for(street_admin)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(url_name), {"page_size": page_size})
    assert response.status_code == 200
    expected = min(page_size, response.json()["count"])
    assert len(response.json()["results"]) == expected
