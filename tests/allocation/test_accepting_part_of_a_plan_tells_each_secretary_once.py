"""Accepting a plan less the rows the administrator unticked, through the API and the
page alike; the secretaries of the communities concerned hear of it once each."""

from typing import Any

from django.test import Client, TestCase
from django.urls import reverse

from matching.models import AllocationJob
from needs.models import Notification, Project
from partners.models import Role
from tests.allocation.conftest import QUARTER
from tests.allocation.test_allocation_api_job_lifecycle import start
from tests.factories import PASSWORD, user_with_role


def new_rows(job_id: int) -> list[tuple[str, str]]:
    plan = AllocationJob.objects.get(pk=job_id).plan or {}
    return [(a["need"], a["offering"]) for a in plan["assignments"] if not a["kept"]]


def test_api_accepts_the_plan_less_the_rows_left_out(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    client = client_for(district_admin)
    job_id = start(client).json()["id"]
    rows = new_rows(job_id)
    assert len(rows) >= 3
    dropped = rows[0]

    response = client.post(
        reverse("allocation-accept", args=[job_id]),
        {"leave_out": [{"need": dropped[0], "offering": dropped[1]}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    made = set(Project.objects.values_list("need__code", "offering__code"))
    assert made == set(rows) - {dropped}
    assert response.json()["plan"]["left_out"] == [{"need": dropped[0], "offering": dropped[1]}]


def test_a_row_not_in_the_plan_cannot_be_left_out(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    client = client_for(district_admin)
    job_id = start(client).json()["id"]

    response = client.post(
        reverse("allocation-accept", args=[job_id]),
        {"leave_out": [{"need": "N-HOOP", "offering": "O-LAW"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "leave_out.0" in response.json()["error"]["fields"]
    assert AllocationJob.objects.get(pk=job_id).status == "done"
    assert not Project.objects.exists()


def test_each_secretary_concerned_is_told_once_with_her_count(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    tree = district["tree"]
    haiyu = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    lingzhi = user_with_role(Role.Kind.SECRETARY, community=tree["C12"])
    jiuwei = user_with_role(Role.Kind.SECRETARY, community=tree["C21"])
    client = client_for(district_admin)
    job_id = start(client).json()["id"]
    rows = new_rows(job_id)

    client.post(reverse("allocation-accept", args=[job_id]), {}, format="json")

    communities = dict(
        Project.objects.values_list("need__code", "need__community__code").distinct()
    )
    for secretary, place in ((haiyu, "C11"), (lingzhi, "C12"), (jiuwei, "C21")):
        count = sum(1 for need, _ in rows if communities[need] == tree[place].code)
        notices = Notification.objects.filter(recipient=secretary, kind="proposed")
        if count:
            assert [n.text for n in notices] == [
                f"季度统筹方案已采纳：您的社区有 {count} 个拟对接项目待派单"
            ]
        else:
            assert not notices.exists()
    assert not Notification.objects.filter(kind="dispatched").exists()


def test_the_page_takes_only_the_ticked_rows(
    district: Any, district_admin: Any, client_for: Any
) -> None:
    job_id = start(client_for(district_admin)).json()["id"]
    rows = new_rows(job_id)
    kept = rows[1:]
    browser = Client()
    browser.login(username=district_admin.username, password=PASSWORD)

    page = browser.get(reverse("allocation-run", args=[job_id]))
    for need, offering in rows:
        assert f'value="{need}|{offering}" checked' in page.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        browser.post(
            reverse("allocation-adopt", args=[job_id]),
            {"rows": "shown", "take": [f"{n}|{o}" for n, o in kept]},
        )

    assert set(Project.objects.values_list("need__code", "offering__code")) == set(kept)
    job = AllocationJob.objects.get(pk=job_id)
    assert job.plan is not None
    assert job.plan["left_out"] == [{"need": rows[0][0], "offering": rows[0][1]}]
    assert "未采纳" in browser.get(reverse("allocation-run", args=[job_id])).content.decode()


def test_a_street_administrator_starts_from_her_street(district: Any, client_for: Any) -> None:
    tree = district["tree"]
    admin = user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"])
    browser = Client()
    browser.login(username=admin.username, password=PASSWORD)

    page = browser.get(reverse("allocation")).content.decode()

    assert f'<option value="{tree["S1"].pk}" selected>' in page
    assert QUARTER in page
