"""A meeting's organiser (its community's administrators) sees the contacts of the
partners invited to it, on the page and in the exports, even when a partner belongs to
another community; everyone else sees them masked, and the export is audited."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from meetings.exports import render
from meetings.services import agenda_export
from partners.models import AuditEvent, Role
from tests.factories import user_with_role
from tests.meetings.conftest import (  # the meeting scenario, shared with tests/meetings
    Scenario,
    docx_text,
    generated,  # noqa: F401
    scenario,  # noqa: F401
)

pytestmark = pytest.mark.django_db

PHONE = "13700002222"  # the invited hospital's, which lives in another community


@pytest.fixture
def invited(generated: Scenario) -> Scenario:  # noqa: F811 (the imported fixture, by name)
    generated.hospital.community = generated.tree["C21"]
    generated.hospital.save()
    return generated


def _xlsx(s: Scenario, viewer: User) -> str:
    book = openpyxl.load_workbook(
        io.BytesIO(render(meeting=s.meeting, viewer=viewer, document="agenda", fmt="xlsx"))
    )
    return " ".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    )


def _docx(s: Scenario, viewer: User) -> str:
    return docx_text(render(meeting=s.meeting, viewer=viewer, document="agenda", fmt="docx"))


def _page(s: Scenario, viewer: User) -> str:
    client = Client()
    client.force_login(viewer)
    return client.get(reverse("meeting-page", args=[s.meeting.code])).content.decode()


def test_the_organiser_sees_an_invited_partners_phone_on_the_page_and_in_exports(
    invited: Scenario,
) -> None:
    assert PHONE in _page(invited, invited.secretary)
    assert PHONE in _xlsx(invited, invited.secretary)
    assert PHONE in _docx(invited, invited.secretary)
    assert "陈医生" in _xlsx(invited, invited.secretary)


def test_an_invited_partners_member_and_another_communitys_secretary_see_it_masked(
    invited: Scenario,
) -> None:
    stranger = user_with_role(Role.Kind.SECRETARY, community=invited.tree["C12"])
    for viewer in (invited.member, stranger):
        for text in (_xlsx(invited, viewer), _docx(invited, viewer)):
            assert PHONE not in text
            assert "137****2222" in text


def test_the_organisers_export_is_audited_as_personal_data(invited: Scenario) -> None:
    agenda_export(actor=invited.secretary, meeting=invited.meeting, document="agenda", fmt="xlsx")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).latest("pk")
    assert event.personal_data
    assert "P-HOS" in event.detail["unmasked_contacts"]
