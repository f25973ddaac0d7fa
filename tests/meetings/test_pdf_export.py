"""The agenda as PDF: Chinese text readable by pdftotext, a Noto CJK SC font embedded, a
page that renders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from needs.exports import render
from tests.meetings.conftest import Scenario, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(generated: Scenario) -> bytes:
    return render(meeting=generated.meeting, viewer=generated.secretary, document="agenda", fmt="pdf")


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
        "第 1 页",
    ):
        assert phrase in text, phrase


def test_a_simplified_chinese_noto_font_is_embedded(pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(  # noqa: S603 - fixed program, our own file
        ["pdffonts", str(path)], capture_output=True, check=True, text=True  # noqa: S607
    ).stdout
    cjk = [line for line in listing.splitlines() if "CJK-SC" in line]
    assert cjk, listing
    assert all(" yes " in line for line in cjk)  # embedded


def test_first_page_renders_to_an_image_with_ink(pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed program, our own file
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],  # noqa: S607
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(1 for v in image.getdata() if v < 128)
    assert dark > 0.005 * image.width * image.height
