"""Every account ``demo_accounts`` lists exists, holds its role and can sign in."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from partners.models import Role

pytestmark = pytest.mark.django_db

ROLES = {"superuser", "secretary", "street_admin", "district_admin", "partner_member", "resident"}


def _accounts(fmt: str) -> str:
    out = StringIO()
    call_command("demo_accounts", f"--format={fmt}", stdout=out)
    return out.getvalue()


def test_json_lists_every_role_and_each_password_signs_in(client: Client) -> None:
    call_command("load_demo", verbosity=0)
    accounts = json.loads(_accounts("json"))
    assert {a["role"] for a in accounts} == ROLES
    assert len([a for a in accounts if a["role"] == "secretary"]) == 2
    for account in accounts:
        assert set(account) == {"username", "password", "role", "scope"}
        assert client.login(username=account["username"], password=account["password"])
        client.logout()


def test_roles_hold_the_listed_scope_and_administrators_are_staff() -> None:
    call_command("load_demo", verbosity=0)
    users = get_user_model().objects
    for account in json.loads(_accounts("json")):
        user = users.get(username=account["username"])
        if account["role"] == "superuser":
            assert user.is_superuser
            continue
        role = Role.objects.select_related("community", "partner").get(user=user)
        place = role.partner if role.kind == "partner_member" else role.community
        assert place is not None
        assert (role.kind, place.code) == (account["role"], account["scope"])
        administers = role.kind in ("secretary", "street_admin", "district_admin")
        assert user.is_staff == administers


def test_table_is_aligned_for_people() -> None:
    call_command("load_demo", verbosity=0)
    lines = _accounts("table").splitlines()
    assert lines[0].split()[:4] == ["username", "password", "role", "scope"]
    assert any(line.startswith("street_admin ") for line in lines)
