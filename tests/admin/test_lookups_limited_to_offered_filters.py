"""Every admin on the site, the project's and the libraries', accepts from staff who are
not superusers only the filters its page offers: a lookup on any other field (a masked
phone, a contact name, an address, a location) is refused instead of answering "one
row or none". Superusers keep the full use of the query string."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from config.admin_site import PERSONAL_FIELDS
from partners.models import Role

pytestmark = pytest.mark.django_db

REGISTERED: list[type[Model]] = sorted(admin.site._registry, key=lambda m: m._meta.label)


def _changelist(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _probes(model: type[Model]) -> list[str]:
    """Lookups no admin page offers: on each personal field of the model, else on its key."""
    personal = sorted(PERSONAL_FIELDS.get(model._meta.label, ()))
    return [f"{name}__gte" for name in personal] or ["pk__gte"]


@pytest.fixture
def secretary(district: dict[str, Any], staff_with_role: Any) -> Client:
    """A community secretary (staff, not superuser) who may view every model."""
    user = staff_with_role(Role.Kind.SECRETARY, community=district["C21"])
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_staff_lookup_on_a_field_the_page_does_not_offer_is_refused(
    model: type[Model], secretary: Client
) -> None:
    url = _changelist(model)
    assert secretary.get(url).status_code == 200
    for lookup in _probes(model):
        assert secretary.get(url, {lookup: "1"}).status_code == 400, lookup


@pytest.mark.parametrize(
    "lookup",
    ["phone__startswith", "contact_name", "address__contains", "lat__gt", "community__lat__gt"],
)
def test_staff_cannot_probe_partner_contact_details(lookup: str, secretary: Client) -> None:
    url = reverse("admin:partners_partner_changelist")
    response = secretary.get(url, {"code": "P-C11", lookup: "1"})
    assert response.status_code == 400


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_filter_the_page_offers_still_works(model: type[Model], secretary: Client) -> None:
    url = _changelist(model)
    page = secretary.get(url).content.decode()
    links = {unescape(query) for query in re.findall(r'href="\?([^"#]*)"', page)}
    for query in links:
        assert secretary.get(f"{url}?{query}").status_code == 200, query


def test_offered_filter_narrows_the_list_for_staff(secretary: Client) -> None:
    response = secretary.get(reverse("admin:partners_partner_changelist"), {"street": "BA-S2"})
    assert response.status_code == 200
    assert {p.code for p in response.context["cl"].result_list} == {"P-C21"}


def test_superuser_keeps_any_lookup(admin_client: Client, district: dict[str, Any]) -> None:
    url = reverse("admin:partners_partner_changelist")
    response = admin_client.get(url, {"phone__startswith": "138", "code": "P-C11"})
    assert response.status_code == 200
    assert [p.code for p in response.context["cl"].result_list] == ["P-C11"]


@pytest.mark.parametrize("as_superuser", [True, False])
def test_audit_log_json_containment_is_refused_not_a_server_error(
    as_superuser: bool, admin_client: Client, secretary: Client
) -> None:
    client = admin_client if as_superuser else secretary
    response = client.get(reverse("admin:auditlog_logentry_changelist"), {"changes__contains": "1"})
    # PostgreSQL runs containment (for superusers); SQLite cannot, so everyone is refused.
    runs = as_superuser and connection.features.supports_json_field_contains
    assert response.status_code == (200 if runs else 400)
