"""Query-string filters narrow the scoped lists; unknown values never fail."""

from typing import Any

import pytest
from django.urls import reverse

from tests.api.conftest import codes
from tests.factories import MeetingFactory, NeedFactory, OfferingFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for: Any, street_admin: Any) -> Any:
    return client_for(street_admin)


def test_area_filter_takes_the_node_and_everything_under_it(tree: Any, admin_client: Any) -> None:
    NeedFactory.create(code="N-C11", community=tree["C11"])
    NeedFactory.create(code="N-X1", community=tree["X1"])
    NeedFactory.create(code="N-C12", community=tree["C12"])
    response = admin_client.get(reverse("need-list"), {"area": "BA-S1-C1"})
    assert codes(response) == ["N-C11", "N-X1"]


def test_unknown_area_gives_an_empty_list(tree: Any, admin_client: Any) -> None:
    NeedFactory.create(community=tree["C11"])
    response = admin_client.get(reverse("need-list"), {"area": "NOPE"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_unknown_choice_value_is_a_400_naming_the_filter(tree: Any, admin_client: Any) -> None:
    response = admin_client.get(reverse("need-list"), {"status": "nope"})
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_needs_filter_by_tag_text_and_priority(tree: Any, admin_client: Any) -> None:
    wanted = NeedFactory.create(
        code="N-1", community=tree["C11"], priority="urgent", title="独居老人助浴"
    )
    wanted.tags.add("助浴")
    NeedFactory.create(code="N-2", community=tree["C11"], priority="urgent")
    NeedFactory.create(code="N-3", community=tree["C11"], title="独居老人助浴")
    response = admin_client.get(
        reverse("need-list"), {"tag": "助浴", "q": "助浴", "priority": "urgent"}
    )
    assert codes(response) == ["N-1"]


def test_offerings_filter_by_mode_category_cost_and_partner(tree: Any, admin_client: Any) -> None:
    partner = PartnerFactory.create(code="P-1", community=tree["C11"])
    OfferingFactory.create(code="O-1", partner=partner, modes=["at_center", "online"], cost="free")
    OfferingFactory.create(code="O-2", partner=partner, modes=["at_center"], cost="free")
    OfferingFactory.create(code="O-3", partner=partner, modes=["online"], cost="paid")
    OfferingFactory.create(code="O-4", modes=["online"], category_id="legal_aid")
    response = admin_client.get(
        reverse("offering-list"),
        {"mode": "online", "cost": "free", "partner": "P-1", "category": "health_checkup"},
    )
    assert codes(response) == ["O-1"]


def test_offerings_area_means_the_partners_home_community(tree: Any, admin_client: Any) -> None:
    OfferingFactory.create(code="O-S1", partner=PartnerFactory.create(community=tree["C12"]))
    OfferingFactory.create(code="O-S2", partner=PartnerFactory.create(community=tree["C21"]))
    assert codes(admin_client.get(reverse("offering-list"), {"area": "BA-S1"})) == ["O-S1"]


def test_meetings_filter_by_date_range(tree: Any, admin_client: Any) -> None:
    import datetime as dt

    MeetingFactory.create(code="M-Q3", community=tree["C11"], date=dt.date(2026, 7, 10))
    MeetingFactory.create(code="M-Q4", community=tree["C11"], date=dt.date(2026, 10, 15))
    response = admin_client.get(
        reverse("meeting-list"), {"date_after": "2026-10-01", "date_before": "2026-12-31"}
    )
    assert codes(response) == ["M-Q4"]


def test_partners_filter_by_kind_and_ordering(tree: Any, admin_client: Any) -> None:
    PartnerFactory.create(code="P-B", name="乙", community=tree["C11"], kind="resident")
    PartnerFactory.create(code="P-A", name="甲", community=tree["C11"], kind="resident")
    PartnerFactory.create(code="P-C", community=tree["C11"], kind="social_org")
    response = admin_client.get(reverse("partner-list"), {"kind": "resident", "ordering": "-code"})
    assert codes(response) == ["P-B", "P-A"]


def test_communities_filter_by_area_and_level(tree: Any, admin_client: Any) -> None:
    response = admin_client.get(reverse("community-list"), {"area": "BA-S1", "level": "community"})
    assert codes(response) == ["BA-S1-C1", "BA-S1-C2"]


def test_categories_list_related_codes(tree: Any, admin_client: Any) -> None:
    response = admin_client.get(reverse("category-detail", args=["sports"]))
    assert response.json()["related"] == ["elderly_class"]
    assert response.json()["name_en"]
