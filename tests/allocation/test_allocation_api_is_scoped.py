"""Only administrators over an area run, see and accept its allocation."""

from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse

from matching.models import AllocationJob
from needs.models import Project
from partners.models import Role
from tests.allocation.conftest import QUARTER
from tests.factories import user_with_role


def test_street_administrator_may_allocate_her_street(district: Any, client_for: Any) -> None:
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=district["tree"]["S2"])

    response = client_for(admin).post(
        reverse("allocation-list"), {"scope": "BA-S2", "quarter": QUARTER}, format="json"
    )

    assert response.status_code == 202


@pytest.mark.parametrize("kind", [Role.Kind.STREET_ADMIN, Role.Kind.SECRETARY])
def test_administrator_of_a_part_may_not_allocate_the_whole(
    district: Any, client_for: Any, kind: str
) -> None:
    place = district["tree"]["S2"] if kind == Role.Kind.STREET_ADMIN else district["tree"]["C21"]
    admin = user_with_role(kind, community=place)

    response = client_for(admin).post(
        reverse("allocation-list"), {"scope": "BA", "quarter": QUARTER}, format="json"
    )

    assert response.status_code == 403
    assert not AllocationJob.objects.exists()


def test_partner_member_and_resident_may_not_allocate(district: Any, client_for: Any) -> None:
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["offerings"]["law"].partner)
    resident = user_with_role(Role.Kind.RESIDENT, community=district["tree"]["C21"])

    for user in (member, resident):
        response = client_for(user).post(
            reverse("allocation-list"), {"scope": "BA-S2-C1", "quarter": QUARTER}, format="json"
        )
        assert response.status_code == 403


def test_anonymous_is_refused(district: Any) -> None:
    from rest_framework.test import APIClient

    response = APIClient().post(
        reverse("allocation-list"), {"scope": "BA", "quarter": QUARTER}, format="json"
    )

    assert response.status_code in (401, 403)


def test_runs_of_other_areas_are_not_found(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    job = AllocationJob.objects.create(scope=district["tree"]["S1"], quarter=QUARTER)
    other = user_with_role(Role.Kind.STREET_ADMIN, community=district["tree"]["S2"])
    client = client_for(other)

    assert client.get(reverse("allocation-detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("allocation-accept", args=[job.pk])).status_code == 404
    assert client.get(reverse("allocation-list")).json()["results"] == []
    # The district's administrator sees the street's run.
    listed = client_for(district_admin).get(reverse("allocation-list")).json()["results"]
    assert [row["id"] for row in listed] == [job.pk]


def test_secretary_cannot_accept_a_district_plan_touching_other_communities(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        job_id = (
            client_for(district_admin)
            .post(reverse("allocation-list"), {"scope": "BA", "quarter": QUARTER}, format="json")
            .json()["id"]
        )
    assert AllocationJob.objects.get(pk=job_id).status == "done"
    secretary = user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C11"])

    response = client_for(secretary).post(reverse("allocation-accept", args=[job_id]))

    assert response.status_code == 404
    assert not Project.objects.exists()
