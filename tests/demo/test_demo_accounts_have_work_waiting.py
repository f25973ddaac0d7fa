"""Every demo account finds something to do on its first sign-in."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _accounts() -> dict[str, dict[str, str]]:
    call_command("load_demo", verbosity=0)
    out = StringIO()
    call_command("demo_accounts", "--format=json", stdout=out)
    return {a["username"]: a for a in json.loads(out.getvalue())}


def _home(client: Client, account: dict[str, str]) -> Any:
    assert client.login(username=account["username"], password=account["password"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context


def test_partner_member_has_dispatched_work_to_accept(client: Client) -> None:
    member = _accounts()["partner_member"]
    to_accept = _home(client, member)["partner"]["to_accept"]
    assert to_accept
    assert all(p.status == "dispatched" for p in to_accept)
    assert {p.offering.partner.code for p in to_accept} == {member["scope"]}


def test_secretaries_have_needs_to_dispatch(client: Client) -> None:
    accounts = _accounts()
    for account in accounts.values():
        if account["role"] != "secretary":
            continue
        waiting = _home(client, account)["secretary"]["waiting"]
        assert waiting, account["username"]
        assert all(n.community.code.startswith(account["scope"]) for n in waiting)
        client.logout()


def test_resident_has_a_request_waiting_and_one_turned_into_a_need(client: Client) -> None:
    resident = next(a for a in _accounts().values() if a["role"] == "resident")
    requests = _home(client, resident)["resident"]["requests"]
    assert {r.status for r in requests} == {"open", "converted"}
    converted = next(r for r in requests if r.status == "converted")
    assert converted.need.community.code == resident["scope"]


def test_the_demo_secretary_has_promised_times_to_keep(db: None) -> None:
    from django.utils import timezone

    from interchange.demo import load_demo
    from needs.models import Need
    from needs.selectors import due_soon, overdue_needs

    load_demo()
    open_needs = Need.objects.filter(status=Need.Status.OPEN)
    assert open_needs.filter(respond_by__isnull=True).count() == 0
    assert overdue_needs(open_needs).filter(respond_by__lt=timezone.now()).exists()
    assert due_soon(open_needs).exists()
