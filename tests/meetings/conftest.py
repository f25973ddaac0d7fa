"""A community with a known state for its quarterly meeting.

海裕社区 (BA-S1-C1) held its last meeting on 2026-07-10 and meets next on 2026-10-15.
- Last quarter (2026Q3) it had two projects: one delivered and rated 4, one declined
  ("本季度人手不足").
- Since the last meeting it raised 老人想测血压 (served by two offerings nearby) and
  需要线上法律咨询 (online only: nobody offers that online); 楼道灯坏了 was raised before the
  last meeting and is still without a partner.
- 社区医院 joined since the last meeting; 老牌志愿队 long before.
- Another community's need (九围社区) and a need already being served stay off the agenda.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from matching.engine.quarters import Quarter
from meetings import services as meeting_services
from needs import services
from needs.models import LiaisonMeeting, Need
from partners.models import Community, Offering, Partner, Role
from tests.factories import (
    FACTORY_DAY,
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    make_tree,
    user_with_role,
)

LAST_MEETING_DAY = dt.date(2026, 7, 10)
MEETING_DAY = dt.date(2026, 10, 15)
LONG_AGO = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _on_a_day_of_the_meetings_quarter() -> Iterator[None]:
    """The agenda's gaps are judged as of today (an offering that has ended serves no
    one; a past quarter is judged by its own dates): the scenario runs on a day after
    its meeting and inside its quarter."""
    with time_machine.travel(FACTORY_DAY, tick=True):
        yield


@dataclass
class Scenario:
    tree: dict[str, Community]
    secretary: Any
    other_secretary: Any
    member: Any  # a member of 老牌志愿队
    meeting: LiaisonMeeting
    last_meeting: LiaisonMeeting
    veteran: Partner
    hospital: Partner
    checkup: Offering
    clinic: Offering
    repair: Offering
    blood_pressure: Need
    online_law: Need
    lights: Need
    elsewhere: Need
    served: Need


def _at(moment: dt.datetime, *objects: Any) -> None:
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(created_at=moment)
        obj.refresh_from_db()


@pytest.fixture
def scenario(db: None) -> Scenario:
    tree = make_tree()
    c11 = tree["C11"]
    secretary = user_with_role(Role.Kind.SECRETARY, community=c11)
    other_secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C21"])
    veteran = PartnerFactory.create(
        code="P-VET", name="老牌志愿队", community=c11, phone="13900001111", contact_name="李志强"
    )
    hospital = PartnerFactory.create(
        code="P-HOS", name="社区医院", community=c11, phone="13700002222", contact_name="陈医生"
    )
    member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=veteran)
    common = {"modes": ["at_center"], "beneficiaries": ["elderly"]}
    checkup = OfferingFactory.create(
        code="O-CHECK",
        partner=hospital,
        title="长者义诊",
        category_id="health_checkup",
        capacity=6,
        **common,
    )
    clinic = OfferingFactory.create(
        code="O-BP",
        partner=veteran,
        title="上门量血压",
        category_id="health_checkup",
        capacity=4,
        **common,
    )
    repair = OfferingFactory.create(
        code="O-FIX",
        partner=veteran,
        title="义务维修",
        category_id="home_repair",
        capacity=5,
        modes=["home_visit", "at_center"],
        beneficiaries=["elderly"],
    )
    for offering in (checkup, clinic, repair):
        offering.area_rows.create(community=c11, position=0)
    last_meeting = MeetingFactory.create(
        code="M-Q3", community=c11, date=LAST_MEETING_DAY, title="2026年第三季度党建联席会"
    )
    meeting = meeting_services.meeting_schedule(
        actor=secretary,
        data={
            "code": "M-Q4",
            "community": c11.code,
            "date": MEETING_DAY,
            "start_time": dt.time(14, 30),
            "end_time": dt.time(16, 0),
            "place": "海裕社区党群服务中心二楼会议室",
            "title": "2026年第四季度党建联席会",
            "attendees": ["P-VET", "P-HOS"],
        },
    )
    window = {"window_start": dt.date(2026, 10, 1), "window_end": dt.date(2026, 12, 31)}
    blood_pressure = NeedFactory.create(
        code="N-BP",
        community=c11,
        title="老人想测血压",
        category_id="health_checkup",
        quantity=2,
        priority="high",
        **window,
        **common,
    )
    online_law = NeedFactory.create(
        code="N-LAW",
        community=c11,
        title="需要线上法律咨询",
        category_id="legal_aid",
        modes=["online"],
        beneficiaries=["elderly"],
        **window,
    )
    lights = NeedFactory.create(
        code="N-LIGHT",
        community=c11,
        title="楼道灯坏了",
        category_id="home_repair",
        modes=["home_visit"],
        beneficiaries=["elderly"],
        **window,
    )
    elsewhere = NeedFactory.create(
        code="N-ELSE",
        community=tree["C21"],
        title="九围社区的需求",
        category_id="health_checkup",
        **window,
        **common,
    )
    served = NeedFactory.create(
        code="N-SERVED",
        community=c11,
        title="已在服务的需求",
        category_id="health_checkup",
        **window,
        **common,
    )
    # Last quarter's work: one delivered and rated, one declined.
    q3 = Quarter(2026, 3)
    old_need = NeedFactory.create(code="N-OLD1", community=c11, title="独居老人义诊", **common)
    old_need2 = NeedFactory.create(code="N-OLD2", community=c11, title="长者理发", **common)
    done = services.project_create(
        actor=secretary,
        need=old_need,
        offering=checkup,
        quantity=3,
        status="accepted",
        quarter=q3,
    )
    hospital_member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=hospital)
    services.project_start(actor=hospital_member, project=done)
    services.project_deliver(actor=hospital_member, project=done)
    services.project_evaluate(actor=secretary, project=done, rating=4, comment="老人们很满意")
    declined = services.project_create(
        actor=secretary,
        need=old_need2,
        offering=clinic,
        quantity=1,
        status="dispatched",
        quarter=q3,
    )
    services.project_decline(actor=member, project=declined, reason="本季度人手不足")
    Need.objects.filter(pk__in=[old_need.pk, old_need2.pk]).update(status=Need.Status.DONE)
    services.project_create(
        actor=secretary,
        need=served,
        offering=checkup,
        quantity=1,
        status="accepted",
        quarter=Quarter(2026, 4),
    )
    _at(LONG_AGO, veteran, clinic, repair, lights, last_meeting)
    return Scenario(
        tree=tree,
        secretary=secretary,
        other_secretary=other_secretary,
        member=member,
        meeting=meeting,
        last_meeting=last_meeting,
        veteran=veteran,
        hospital=hospital,
        checkup=checkup,
        clinic=clinic,
        repair=repair,
        blood_pressure=blood_pressure,
        online_law=online_law,
        lights=lights,
        elsewhere=elsewhere,
        served=served,
    )


@pytest.fixture
def generated(scenario: Scenario) -> Scenario:
    """The scenario with its agenda drawn up."""
    from meetings.services import agenda_generate

    agenda_generate(actor=scenario.secretary, meeting=scenario.meeting)
    return scenario


@pytest.fixture
def api_as() -> Callable[[Any], APIClient]:
    def make(user: Any) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


def now() -> dt.datetime:
    return timezone.now()


@pytest.fixture
def minuted(generated: Scenario) -> Scenario:
    """The meeting held: attendance, a need taken, one deferred, one closed, one raised."""
    from meetings import services as meetings

    s = generated
    meetings.meeting_record_attendance(
        actor=s.secretary, meeting=s.meeting, present={"P-VET": True, "P-HOS": False}
    )
    items = {i.need.code: i for i in s.meeting.agenda_items.exclude(need=None) if i.need}
    meetings.agenda_item_decide(
        actor=s.secretary,
        item=items["N-BP"],
        decision="taken",
        offering="O-BP",
        minutes="老牌志愿队每月上门一次",
    )
    meetings.agenda_item_decide(actor=s.secretary, item=items["N-LIGHT"], decision="deferred")
    meetings.agenda_item_decide(actor=s.secretary, item=items["N-LAW"], decision="closed")
    meetings.meeting_raise_need(
        actor=s.secretary,
        meeting=s.meeting,
        data={
            "code": "N-GYM",
            "title": "小区健身器材老化",
            "category": "sports",
            "quantity": 3,
            "window_start": dt.date(2026, 11, 1),
            "window_end": dt.date(2027, 3, 31),
        },
    )
    meetings.meeting_close(actor=s.secretary, meeting=s.meeting, summary="本次会议议定四项。")
    return s


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a Word file, read back with python-docx."""
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def poppler(program: str, *args: str) -> bytes:
    """Run one of poppler-utils' programs (pdftotext, pdffonts, pdftoppm); skip the test
    with the reason when it is not installed."""
    import shutil
    import subprocess

    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} (poppler-utils) is not installed")
    # Our own files, a fixed program: nothing from outside reaches the command line.
    return subprocess.run([path, *args], capture_output=True, check=True).stdout  # noqa: S603


def pdf_text(content: bytes, tmp_path: Any) -> str:
    """The PDF's text as poppler's pdftotext reads it."""
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return poppler("pdftotext", "-layout", str(path), "-").decode("utf-8")
