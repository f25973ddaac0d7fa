"""The stylesheet's blocks are all closed: one missing brace silently swallows every rule
after it (the pages then lose their colours without any error)."""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[2] / "frontend/static/frontend/jinlin.css"


def test_every_block_of_the_stylesheet_is_closed():
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number} closes a block that was never opened"
        if depth and line[:1] not in ("", " ", "}") and "{" in line and not line.startswith("@"):
            # A top-level rule may only start outside every block (or inside @media).
            assert depth == 1 or line.startswith("@"), f"line {number} starts inside a block"
    assert depth == 0, "a block is left open at the end of the stylesheet"
