"""Meeting documents show contact names and phones unmasked only to those entitled; a
member of another attending partner gets them masked, in every format that can be
read back as text (HTML, the workbook). Formula-like text stays text in the workbook."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from meetings.exports import render
from partners.models import Partner, Role
from tests.factories import MeetingFactory, PartnerFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(tree: Any, partner_a: Partner) -> Any:
    meeting = MeetingFactory.create(code="M-A", community=tree["C11"])
    other = PartnerFactory.create(
        code="P-B", community=tree["C21"], phone="13900001111", name="=1+1", contact_name="李四"
    )
    meeting.attendees.add(partner_a, other)
    return meeting


def _cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_other_partner_member_sees_p_a_contact_masked(meeting: Any) -> None:
    member_b = user_with_role(Role.Kind.PARTNER_MEMBER, partner=Partner.objects.get(code="P-B"))
    html = render(meeting=meeting, viewer=member_b, document="agenda", fmt="html").decode()
    assert "13812345678" not in html
    assert "138****5678" in html
    assert "王建国" not in html
    values = [
        str(c.value)
        for c in _cells(render(meeting=meeting, viewer=member_b, document="agenda", fmt="xlsx"))
    ]
    assert "13812345678" not in values
    assert "13900001111" in values  # her own partner's phone


def test_secretary_of_the_community_sees_it_unmasked(meeting: Any, secretary_a: Any) -> None:
    html = render(meeting=meeting, viewer=secretary_a, document="agenda", fmt="html").decode()
    assert "13812345678" in html


def test_formula_like_names_stay_text_in_the_workbook(meeting: Any, secretary_a: Any) -> None:
    cells = _cells(render(meeting=meeting, viewer=secretary_a, document="agenda", fmt="xlsx"))
    assert all(c.data_type != "f" for c in cells)
    # Kept as text, with the apostrophe spreadsheets read as "text" (core.spreadsheets).
    assert any(c.value in ("=1+1", "'=1+1") for c in cells)
