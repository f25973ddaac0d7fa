"""Every list shows only what the user's roles let them see."""

from typing import Any

import pytest
from django.urls import reverse

from tests.api.conftest import codes
from tests.factories import (
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_secretary_cannot_see_other_community_needs(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    NeedFactory.create(code="N-A", community=tree["C11"])
    NeedFactory.create(code="N-STATION", community=tree["X1"])
    NeedFactory.create(code="N-B", community=tree["C21"])
    response = client_for(secretary_a).get(reverse("need-list"))
    assert response.status_code == 200
    assert codes(response) == ["N-A", "N-STATION"]


def test_other_secretary_sees_only_her_own_needs(
    tree: Any, client_for: Any, secretary_b: Any
) -> None:
    NeedFactory.create(code="N-A", community=tree["C11"])
    NeedFactory.create(code="N-B", community=tree["C21"])
    assert codes(client_for(secretary_b).get(reverse("need-list"))) == ["N-B"]


def test_street_admin_sees_the_needs_of_its_streets_communities(
    tree: Any, client_for: Any, street_admin: Any
) -> None:
    for code, place in [("N-1", "C11"), ("N-2", "C12"), ("N-3", "X1"), ("N-4", "C21")]:
        NeedFactory.create(code=code, community=tree[place])
    assert codes(client_for(street_admin).get(reverse("need-list"))) == ["N-1", "N-2", "N-3"]


def test_resident_sees_only_the_requests_she_posted(
    tree: Any, client_for: Any, resident: Any
) -> None:
    NeedFactory.create(code="N-MINE", community=tree["C11"], created_by=resident)
    NeedFactory.create(code="N-NEIGHBOUR", community=tree["C11"])
    assert codes(client_for(resident).get(reverse("need-list"))) == ["N-MINE"]


def test_partner_member_sees_needs_dispatched_to_its_partner(
    tree: Any, client_for: Any, partner_a: Any, member_a: Any
) -> None:
    offering = OfferingFactory.create(partner=partner_a)
    ProjectFactory.create(
        need=NeedFactory.create(code="N-DISPATCHED", community=tree["C21"]), offering=offering
    )
    NeedFactory.create(code="N-OTHER", community=tree["C11"])
    assert codes(client_for(member_a).get(reverse("need-list"))) == ["N-DISPATCHED"]


def test_pending_partner_is_listed_for_its_secretary_not_for_another(
    tree: Any, client_for: Any, secretary_a: Any, secretary_b: Any
) -> None:
    PartnerFactory.create(code="P-PENDING", community=tree["C11"], status="pending")
    PartnerFactory.create(code="P-VERIFIED", community=tree["C21"])
    assert codes(client_for(secretary_a).get(reverse("partner-list"))) == [
        "P-PENDING",
        "P-VERIFIED",
    ]
    assert codes(client_for(secretary_b).get(reverse("partner-list"))) == ["P-VERIFIED"]


def test_offerings_of_a_suspended_partner_are_hidden_from_other_areas(
    tree: Any, client_for: Any, secretary_a: Any, secretary_b: Any
) -> None:
    suspended = PartnerFactory.create(community=tree["C11"], status="suspended")
    OfferingFactory.create(code="O-HIDDEN", partner=suspended)
    OfferingFactory.create(code="O-PUBLIC", partner=PartnerFactory.create(community=tree["C21"]))
    assert codes(client_for(secretary_a).get(reverse("offering-list"))) == [
        "O-HIDDEN",
        "O-PUBLIC",
    ]
    assert codes(client_for(secretary_b).get(reverse("offering-list"))) == ["O-PUBLIC"]


def test_partner_member_sees_the_meetings_it_attends(
    tree: Any, client_for: Any, partner_a: Any, member_a: Any
) -> None:
    attended = MeetingFactory.create(code="M-IN", community=tree["C21"])
    attended.attendees.add(partner_a)
    MeetingFactory.create(code="M-OUT", community=tree["C11"])
    assert codes(client_for(member_a).get(reverse("meeting-list"))) == ["M-IN"]


def test_secretary_sees_projects_for_her_communitys_needs_only(
    tree: Any, client_for: Any, secretary_a: Any
) -> None:
    mine = ProjectFactory.create(need=NeedFactory.create(community=tree["C11"]))
    ProjectFactory.create(need=NeedFactory.create(community=tree["C21"]))
    response = client_for(secretary_a).get(reverse("project-list"))
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
