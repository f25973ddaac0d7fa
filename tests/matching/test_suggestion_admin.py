"""Stored suggestions are browsed in the admin, scoped like the needs, never edited."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from matching import services
from partners.models import Role
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_secretary_sees_the_suggestions_of_her_needs_only(district: Any) -> None:
    services.suggestions_refresh_area(community_id=None)
    secretary = user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C11"])
    secretary.is_staff = True
    secretary.save()
    secretary.user_permissions.set(Permission.objects.filter(codename="view_suggestion"))
    client = Client()
    assert client.login(username=secretary.username, password=PASSWORD)
    response = client.get(reverse("admin:matching_suggestion_changelist"))
    assert response.status_code == 200
    shown = {s.need.code for s in response.context["cl"].queryset}
    assert shown == {"N-BP"}
    assert client.get(reverse("admin:matching_suggestion_add")).status_code == 403
