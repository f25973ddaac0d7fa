"""docs/service-standard.md is what the command writes from the standard and catalogue
today: whoever edits the JSON regenerates it."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

from partners.catalogue import service_standard_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "service-standard.md"


def test_the_committed_document_matches_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == service_standard_markdown(), (
        "run: python manage.py service_standard_doc"
    )


def test_the_command_writes_every_category_with_covers_and_exclusions(tmp_path: Path) -> None:
    output = tmp_path / "standard.md"

    call_command("service_standard_doc", "--output", str(output))

    text = output.read_text(encoding="utf-8")
    assert text.count("\n### ") == 34
    assert "### 上门维修 Home repairs (`home_repair`)" in text
    assert "- 助餐送餐 → 长者助餐 (`elderly_meal`)" in text
    assert "| `home_visit` | 上门服务 | 上门、" in text
