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


def test_the_demo_member_has_a_claim_her_secretary_is_asked_to_confirm(client: Client) -> None:
    accounts = _accounts()
    member = accounts["partner_member"]
    (claim,) = _home(client, member)["partner"]["claimed"]
    assert claim.status == "claimed"
    # Her community's secretary, else the street administrator over it, is asked.
    answering = [
        (a, "secretary")
        for a in accounts.values()
        if a["role"] == "secretary" and claim.need.community.code == a["scope"]
    ] + [
        (a, "overview")
        for a in accounts.values()
        if a["role"] == "street_admin" and claim.need.community.code.startswith(a["scope"])
    ]
    assert answering
    account, section = answering[0]
    client.logout()
    to_confirm = _home(client, account)[section]["claims"]
    assert [p.pk for p in to_confirm] == [claim.pk]
    # What she claimed is no longer offered to her partner.
    client.logout()
    client.login(username=member["username"], password=member["password"])
    page = client.get("/opportunities/")
    assert page.status_code == 200
    assert claim.need.code not in [item["row"].need.code for item in page.context["items"]]


def test_the_demo_centre_has_rooms_a_weekly_class_and_a_booking_to_approve(
    client: Client,
) -> None:
    accounts = _accounts()
    secretary = min(
        (a for a in accounts.values() if a["role"] == "secretary"), key=lambda a: a["scope"]
    )
    home = _home(client, secretary)["secretary"]
    waiting = home["bookings_waiting"]
    assert [b.purpose for b, _n in waiting] == ["居民读书会"]
    page = client.get("/rooms/")
    assert page.status_code == 200
    names = {r.name for r in page.context["rooms"]}
    assert {"舞蹈室", "自习室", "多功能厅"} <= names


def test_the_demo_resident_has_a_class_to_go_to_and_the_partner_something_given(
    client: Client,
) -> None:
    accounts = _accounts()
    resident = accounts["resident_anshan"]
    assert client.login(username=resident["username"], password=resident["password"])
    page = client.get("/activities/")
    mine = [row for row in page.context["rows"] if row["mine"] is not None]
    assert [row["activity"].title for row in mine] == ["少儿舞蹈班（第一课）"]
    from centres.contributions import partner_contribution, period_of
    from centres.models import Activity

    partner = Activity.objects.get(title="少儿舞蹈班（第一课）").partner
    assert partner is not None
    from django.utils import timezone

    given = partner_contribution(partner, period_of(timezone.localdate().year))
    assert given.activities_held >= 1 or timezone.localdate().month == 1
