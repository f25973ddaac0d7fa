"""The admin's search box finds nothing by a personal field (e-mail, phone, names, the
audit trail's before/after values, addresses) for staff who are not superusers, on
every admin of the site; superusers search them all."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse

from config.admin_site import is_personal
from partners.models import Role

pytestmark = pytest.mark.django_db

REGISTERED: list[type[Model]] = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def secretary(district: dict[str, Any], staff_with_role: Any) -> Any:
    user = staff_with_role(Role.Kind.SECRETARY, community=district["C21"])
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_staff_search_fields_hold_no_personal_field(model: type[Model], secretary: Any) -> None:
    request = RequestFactory().get("/")
    request.user = secretary
    searched = admin.site._registry[model].get_search_fields(request)
    assert [field for field in searched if is_personal(model, field)] == []


@pytest.mark.parametrize(("superuser", "searched"), [(True, True), (False, False)])
def test_audit_log_searched_by_its_changes_only_for_superusers(
    superuser: bool, searched: bool
) -> None:
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=superuser, is_staff=True)
    fields = admin.site._registry[LogEntry].get_search_fields(request)
    assert ("changes" in fields) is searched


def test_staff_cannot_find_a_user_by_email(secretary: Any) -> None:
    get_user_model().objects.create_user(username="wang", email="wang.jianguo@example.cn")
    client = Client()
    client.force_login(secretary)
    response = client.get(reverse("admin:auth_user_changelist"), {"q": "jianguo@"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_superuser_finds_a_user_by_email(admin_client: Client) -> None:
    get_user_model().objects.create_user(username="wang", email="wang.jianguo@example.cn")
    response = admin_client.get(reverse("admin:auth_user_changelist"), {"q": "jianguo@"})
    assert [u.username for u in response.context["cl"].result_list] == ["wang"]
