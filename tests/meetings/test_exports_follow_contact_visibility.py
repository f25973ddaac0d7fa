"""Contact names and phones in every export follow the pages' rules: the community's
administrators and the partner's own members see them, others see them masked."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from meetings.exports import render
from tests.meetings.conftest import Scenario, docx_text, pdf_text

pytestmark = pytest.mark.django_db

VET_PHONE, HOS_PHONE = "13900001111", "13700002222"


def _all_text(
    s: Scenario, viewer: AbstractBaseUser | AnonymousUser, tmp_path: Path
) -> dict[str, str]:
    def get(fmt: str) -> bytes:
        return render(meeting=s.meeting, viewer=viewer, document="agenda", fmt=fmt)

    book = openpyxl.load_workbook(io.BytesIO(get("xlsx")))
    cells = " ".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    )
    return {
        "docx": docx_text(get("docx")),
        "pdf": pdf_text(get("pdf"), tmp_path),
        "xlsx": cells,
        "html": get("html").decode("utf-8"),
    }


def test_the_secretary_sees_every_contact(generated: Scenario, tmp_path: Path) -> None:
    for fmt, text in _all_text(generated, generated.secretary, tmp_path).items():
        assert VET_PHONE in text, fmt
        assert HOS_PHONE in text, fmt
        assert "李志强" in text, fmt


def test_a_partner_member_sees_only_its_own_contact(generated: Scenario, tmp_path: Path) -> None:
    for fmt, text in _all_text(generated, generated.member, tmp_path).items():
        assert VET_PHONE in text, fmt
        assert HOS_PHONE not in text, fmt
        assert "137****2222" in text, fmt
        assert "陈医生" not in text, fmt
        assert "陈**" in text, fmt


def test_without_a_user_every_contact_is_masked(generated: Scenario, tmp_path: Path) -> None:
    for fmt, text in _all_text(generated, AnonymousUser(), tmp_path).items():
        assert VET_PHONE not in text, fmt
        assert HOS_PHONE not in text, fmt
        assert "139****1111" in text, fmt
