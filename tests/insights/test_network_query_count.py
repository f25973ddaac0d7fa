"""Reading an area's network costs the same number of queries however many partners,
offerings and projects it has."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from matching.engine.quarters import Quarter
from matching.index import current_index, forget_index
from matching.insights.network import partner_network
from partners.models import Community
from tests.factories import (
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    user_with_role,
)
from tests.insights.network_data import build, fresh_index, serve  # noqa: F401 - a fixture

Q4 = Quarter(2026, 4)


def queries(scope: Community) -> int:
    forget_index()
    current_index()  # built once per change in the process, not per read
    with CaptureQueriesContext(connection) as captured:
        partner_network(scope=scope, quarter=Q4)
    return len(captured)


def test_queries_do_not_grow_with_the_network(db, fresh_index):  # noqa: F811 - the fixture
    tree = build()
    before = queries(tree["BA"])
    for n in range(6):
        partner = PartnerFactory.create(community=tree["C12"])
        offering = serve(
            OfferingFactory.create(partner=partner, capacity=5), tree["C12"], tree["C21"]
        )
        need = NeedFactory.create(community=tree["C21"], category_id="health_checkup", quantity=3)
        ProjectFactory.create(need=need, offering=offering, quarter=f"2026Q{n % 4 + 1}")
    assert queries(tree["BA"]) == before
    assert before <= 16


def test_the_endpoint_reads_a_fixed_number_of_queries(
    db,
    fresh_index,  # noqa: F811 - the fixture
    django_assert_max_num_queries,
):
    tree = build()
    admin = user_with_role("district_admin", community=tree["BA"])
    api = APIClient()
    api.force_authenticate(user=admin)
    current_index()
    # The reads (16), the area by its code, the administrator's roles and the tree above
    # the area for the permission.
    with django_assert_max_num_queries(19):
        response = api.get(reverse("insights-network"), {"scope": "BA", "quarter": "2026Q4"})
    assert response.status_code == 200
