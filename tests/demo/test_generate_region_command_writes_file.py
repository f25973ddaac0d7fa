"""``manage.py generate_region`` writes the generator's document as UTF-8 JSON."""

import json
from pathlib import Path

from django.core.management import call_command

from synthetic import generate_region


def test_command_writes_the_same_document_the_function_returns(tmp_path: Path) -> None:
    out = tmp_path / "district.json"
    call_command(
        "generate_region",
        "--offerings=90",
        "--needs=30",
        "--seed=5",
        "--partners=50",
        "--prefix=CMD",
        f"--output={out}",
    )
    text = out.read_text(encoding="utf-8")
    assert "社区" in text  # written as characters, not \u escapes
    expected = generate_region(offerings=90, needs=30, seed=5, partners=50, prefix="CMD")
    assert json.loads(text) == expected
