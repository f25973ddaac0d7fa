"""A partner's member downloads its contribution statement for the year from its page,
as an enterprise would for its social-responsibility report; the PDF is looked at."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from centres.models import Activity, SignUp
from needs.models import Project, ProjectEvent, ServiceRecord
from partners.models import Role
from tests.browser.conftest import SCREENSHOTS
from tests.browser.data import district
from tests.factories import NeedFactory, user_with_role
from tests.meetings.conftest import pdf_text, poppler

pytestmark = pytest.mark.browser


def test_the_partner_downloads_its_statement(open_session, tmp_path):
    world = district()
    tree = world["tree"]
    offering = world["offerings"][0]
    clinic = offering.partner
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic)
    resident = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    resident.first_name = "赵奶奶"
    resident.save()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    need = NeedFactory.create(community=tree["C11"], title="独居老人每月量血压")
    project = Project.objects.create(
        need=need, offering=offering, status=Project.Status.DELIVERED, quarter="2026Q4"
    )
    ServiceRecord.objects.create(
        project=project, served_on=today, hours=Decimal("3.0"), people_served=12
    )
    ProjectEvent.objects.create(
        project=project,
        action="deliver",
        from_status="in_progress",
        to_status="delivered",
        at=timezone.now(),
    )
    start = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9), tz)
    talk = Activity.objects.create(
        centre=tree["C11"],
        partner=clinic,
        title="高血压防治讲座",
        start=start,
        end=start + dt.timedelta(hours=1),
        place="社区会议室",
        capacity=40,
        signup_opens=start - dt.timedelta(days=7),
        signup_closes=start,
    )
    SignUp.objects.create(
        activity=talk, resident=resident, code="ZNN001", checked_in_at=start, rating=5
    )

    s = open_session()
    s.sign_in(member.username)
    s.go(f"/partners/{clinic.code}/")
    card = s.page.locator(".contribution")
    assert "高血压" not in card.inner_text()  # counts on the page, titles in the statement
    s.shot("partner-page-contribution")
    with s.page.expect_download() as download:
        card.get_by_role("link", name=f"{today.year} 年 PDF").click()
    pdf = tmp_path / "statement.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    target = Path(SCREENSHOTS) / "partner-statement-pdf"
    poppler(
        "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)
    )
    text = pdf_text(pdf.read_bytes(), tmp_path)
    assert "海裕社康中心" in text
    assert "高血压防治讲座" in text
    assert "赵奶奶" not in text
