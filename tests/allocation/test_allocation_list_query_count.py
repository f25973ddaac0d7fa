"""The list of allocation runs loads in a fixed number of queries."""

from typing import Any

from django.urls import reverse

from matching.models import AllocationJob
from tests.allocation.conftest import QUARTER


def test_list_queries_do_not_grow_with_runs(
    district: Any, district_admin: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(district_admin)
    for code in ("BA", "S1", "S2", "C11", "C12", "C21"):
        AllocationJob.objects.create(scope=district["tree"][code], quarter=QUARTER, plan={})
    client.get(reverse("allocation-list"))  # warm the user's scope

    with django_assert_max_num_queries(6):
        response = client.get(reverse("allocation-list"))

    assert response.status_code == 200
    assert len(response.json()["results"]) == 6
    assert {row["scope"] for row in response.json()["results"]} == {
        "BA",
        "BA-S1",
        "BA-S2",
        "BA-S1-C1",
        "BA-S1-C2",
        "BA-S2-C1",
    }
