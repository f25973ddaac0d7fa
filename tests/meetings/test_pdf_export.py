"""The agenda as PDF: Chinese text readable by pdftotext, a Noto CJK SC font embedded, a
page that renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetings.exports import render
from tests.meetings.conftest import Scenario, pdf_text, poppler

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(generated: Scenario) -> bytes:
    return render(
        meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="pdf"
    )


def test_sections_and_chinese_text_read_back(pdf: bytes, tmp_path: Path) -> None:
    text = pdf_text(pdf, tmp_path)
    for phrase in (
        "2026年第四季度党建联席会 会议议程",
        "一、参会单位",
        "二、会议议程",
        "2026Q3项目回顾",
        "老人想测血压",
        "暂无合伙人可承接：需要线上法律咨询",
        "本季度人手不足",
    ):
        assert phrase in text, phrase
    # The footer's page numbers (pdftotext drops the spaces around them).
    assert "第1页/共2页" in text.replace(" ", "")


def test_a_simplified_chinese_noto_font_is_embedded(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    listing = poppler("pdffonts", str(path)).decode("utf-8")
    cjk = [line for line in listing.splitlines() if "CJK-SC" in line]
    assert cjk, listing
    assert all(" yes " in line for line in cjk)  # embedded


def test_first_page_renders_to_an_image_with_ink(pdf: bytes, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    poppler("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p"))
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(1 for v in image.get_flattened_data() if isinstance(v, int) and v < 128)
    assert dark > 0.005 * image.width * image.height
