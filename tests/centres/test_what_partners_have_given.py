"""What each partner has given: projects delivered, activities held, hours, residents
served (a resident who came twice counts once), ratings; the same counts on the page,
in the API and in its statement (PDF and Word, Chinese fonts, no resident's data); and
the district's recognition list, page, spreadsheet and API alike."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from centres import activities
from centres.contributions import partner_contribution, period_of, recognition
from needs.models import Need, Project, ProjectEvent, ServiceRecord
from partners.models import Partner, Role
from tests.centres.conftest import SHANGHAI, at
from tests.factories import PASSWORD, NeedFactory, OfferingFactory, user_with_role
from tests.meetings.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(tree: Any, studio: Partner, member: Any) -> dict[str, Any]:
    """Two sessions of a class (one resident came to both, one to the first) and one
    delivered project with its service record."""
    residents = []
    for name, _phone in (("周阿姨", "13911112222"), ("吴大爷", "13933334444")):
        user = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
        user.first_name = name
        user.save()
        residents.append(user)
    sessions = []
    for day in (9, 16):
        session = activities.activity_publish(
            actor=member,
            centre=tree["C11"],
            partner=studio,
            data=activities.ActivityData(
                title="长者健身操",
                start=at(day, 9),
                end=at(day, 10, 30),
                capacity=10,
                place="社区广场",
            ),
        )
        sessions.append(session)
    for session, who in ((sessions[0], residents), (sessions[1], residents[:1])):
        for person in who:
            signup = activities.signup_join(actor=person, activity=session)
            activities.signup_check_in(actor=member, activity=session, code=signup.code)
    need = NeedFactory.create(community=tree["C11"], title="独居老人想学太极")
    project = Project.objects.create(
        need=need,
        offering=OfferingFactory.create(partner=studio),
        status=Project.Status.DELIVERED,
        quarter="2026Q4",
    )
    ServiceRecord.objects.create(
        project=project, served_on=dt.date(2026, 11, 20), hours=Decimal("2.5"), people_served=8
    )
    ProjectEvent.objects.create(
        project=project,
        action="deliver",
        from_status="in_progress",
        to_status="delivered",
        at=dt.datetime(2026, 11, 20, 17, tzinfo=SHANGHAI),
    )
    # Delivered through the API without a service record: it counts, with no hours.
    bare = Project.objects.create(
        need=NeedFactory.create(community=tree["C11"], title="楼道需要有人教跳广场舞"),
        offering=project.offering,
        status=Project.Status.EVALUATED,
        quarter="2026Q4",
    )
    ProjectEvent.objects.create(
        project=bare,
        action="deliver",
        from_status="in_progress",
        to_status="delivered",
        at=dt.datetime(2026, 11, 25, 17, tzinfo=SHANGHAI),
    )
    return {"residents": residents, "sessions": sessions, "need": need}


def test_the_counts(given: dict[str, Any], studio: Partner) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=False):
        c = partner_contribution(studio, period_of(2026, 4))
    assert c.projects_delivered == 2
    assert c.activities_held == 2
    assert c.hours == Decimal("5.5")  # 2.5 + 1.5 + 1.5
    assert c.residents_served == 2  # 周阿姨 came twice, counted once
    assert c.people_served == 8
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=False):
        assert partner_contribution(studio, period_of(2026, 3)).activities_held == 0


def test_the_statement_reads_in_chinese_and_names_no_resident(
    given: dict[str, Any], studio: Partner, member: Any, tmp_path: Any
) -> None:
    page = Client()
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=True):
        page.login(username=member.username, password=PASSWORD)
        pdf = page.get(f"/partners/{studio.code}/statement/", {"year": "2026", "format": "pdf"})
        word = page.get(f"/partners/{studio.code}/statement/", {"year": "2026", "format": "docx"})
    assert pdf["Content-Type"] == "application/pdf"
    for text in (pdf_text(pdf.content, tmp_path), docx_text(word.content)):
        assert "近邻合伙人服务贡献证明" in text
        assert "舞韵艺术团" in text
        assert "独居老人想学太极" in text
        assert "长者健身操" in text
        assert "海裕社区（盖章）" in text
        for person in given["residents"]:
            assert person.first_name not in text
        assert "1391111" not in text
    xml = io.BytesIO(word.content)
    from docx import Document

    fonts = Document(xml).styles["Normal"].element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋"
    )


def test_only_members_and_the_community_take_the_statement(
    given: dict[str, Any], studio: Partner, tree: Any
) -> None:
    page = Client()
    stranger = user_with_role(Role.Kind.PARTNER_MEMBER, partner=OfferingFactory.create().partner)
    page.login(username=stranger.username, password=PASSWORD)
    assert page.get(f"/partners/{studio.code}/statement/").status_code == 404
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    page.login(username=secretary.username, password=PASSWORD)
    assert page.get(f"/partners/{studio.code}/statement/", {"format": "docx"}).status_code == 200


def test_page_and_api_count_alike(
    given: dict[str, Any], studio: Partner, member: Any, client_for: Any
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=True):
        body = (
            client_for(member)
            .get(reverse("partner-contribution", args=[studio.code]), {"year": 2026})
            .json()
        )
        page = Client()
        page.login(username=member.username, password=PASSWORD)
        shown = page.get(f"/partners/{studio.code}/").context["contribution"]
    assert body["residents_served"] == shown.residents_served == 2
    assert body["activities_held"] == shown.activities_held == 2
    assert Decimal(body["hours"]) == shown.hours


def test_the_recognition_list(
    given: dict[str, Any], studio: Partner, tree: Any, client_for: Any
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=True):
        lists = recognition(tree["BA"], 2026)
        assert [r.partner.code for r in lists["served"]][:1] == [studio.code]
        assert lists["longest"][0].serving_since == dt.date(2026, 11, 20)
        chief = user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])
        api = (
            client_for(chief)
            .get(reverse("insights-recognition"), {"district": "BA", "year": 2026})
            .json()
        )
        assert api["served"][0]["partner"] == studio.code
        page = Client()
        page.login(username=chief.username, password=PASSWORD)
        sheet = page.get(
            "/insights/recognition/", {"district": "BA", "year": "2026", "format": "xlsx"}
        )
        active = load_workbook(io.BytesIO(sheet.content)).active
        assert active is not None
        rows = list(active.values)
        assert rows[1][:3] == ("服务居民最多", 1, "舞韵艺术团")
        outsider = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
        assert (
            client_for(outsider)
            .get(reverse("insights-recognition"), {"district": "BA", "year": 2026})
            .status_code
            == 403
        )
    assert Need.objects.count() >= 1
