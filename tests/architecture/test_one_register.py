"""The platform addresses people as 您 everywhere: pages, forms, messages and the words
the services send back, never the familiar 你 beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "config",
    "core",
    "frontend",
    "interchange",
    "matching",
    "meetings",
    "needs",
    "partners",
    "privacy",
)
SUFFIXES = {".py", ".html", ".txt", ".po"}


def _user_facing_files() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*")
        if path.suffix in SUFFIXES and "migrations" not in path.parts
    )


@pytest.mark.parametrize("path", _user_facing_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_text_speaks_with_nin(path: Path) -> None:
    lines = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        # A translator's note may name the familiar form to say it is not used.
        if "你" in line and not line.lstrip().startswith("#")
    ]
    assert not lines, "\n".join(lines)
