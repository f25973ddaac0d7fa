"""The index follows committed changes without a restart: a new offering is proposed
and a suspended partner's offerings are not. The writes reach the index only through
the change log in the database, the way they reach every other server process."""

from typing import Any

import pytest
from django.urls import reverse

from changes.log import record_change
from changes.models import IndexChange
from matching import index as index_module
from partners.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NEW_OFFERING = {
    "code": "O-NEW-CHECK",
    "partner": "P-CLINIC",
    "title": "上门测血压",
    "description": "护士每周为独居老人测血压、血糖",
    "category": "health_checkup",
    "modes": ["at_center"],
    "service_area": {"communities": ["BA-S1-C1"]},
    "beneficiaries": ["elderly"],
    "capacity": 10,
    "valid_from": "2026-01-01",
    "valid_until": "2027-12-31",
}


def offerings(client: Any) -> list[str]:
    response = client.get(reverse("need-matches", args=["N-BP"]), {"limit": 50})
    assert response.status_code == 200
    return [m["offering"] for m in response.json()["matches"]]


def test_index_follows_new_offerings_and_suspended_partners(
    district: Any, client_for: Any, secretary: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_change(partners=["P-LAW"])  # the database has seen writes before
    client = client_for(secretary)
    before = offerings(client)
    assert "O-HEALTH-S1" in before
    assert "O-NEW-CHECK" not in before

    builds: list[int] = []
    real_build = index_module.build_index

    def counting_build() -> Any:
        builds.append(1)
        return real_build()

    monkeypatch.setattr(index_module, "build_index", counting_build)

    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["clinic"])
    created = client_for(member).post(reverse("offering-list"), NEW_OFFERING, format="json")
    assert created.status_code == 201, created.json()
    assert IndexChange.objects.filter(offerings=["O-NEW-CHECK"]).exists()
    assert "O-NEW-CHECK" in offerings(client)

    suspended = client.post(
        reverse("partner-verify", args=["P-CLINIC"]), {"status": "suspended"}, format="json"
    )
    assert suspended.status_code == 200
    after = offerings(client)
    assert "O-HEALTH-S1" not in after
    assert "O-NEW-CHECK" not in after
    assert builds == [], "changes are applied to the index, not rebuilt from scratch"


def test_removed_offering_is_no_longer_proposed(
    district: Any, client_for: Any, secretary: Any
) -> None:
    client = client_for(secretary)
    assert "O-HEALTH-S1" in offerings(client)
    response = client.delete(reverse("offering-detail", args=["O-HEALTH-S1"]))
    assert response.status_code == 204
    assert "O-HEALTH-S1" not in offerings(client)


def test_an_index_behind_a_pruned_log_is_rebuilt(
    district: Any, client_for: Any, secretary: Any
) -> None:
    client = client_for(secretary)
    offerings(client)
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["clinic"])
    client_for(member).post(reverse("offering-list"), NEW_OFFERING, format="json")
    IndexChange.objects.all().delete()  # as the nightly round forgets old changes
    assert "O-NEW-CHECK" in offerings(client)
