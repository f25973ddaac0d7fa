"""Spreadsheet cells that cannot run: any export writing user text to Excel goes through
:func:`safe_cell`, so a need titled ``=HYPERLINK(...)`` stays text in every workbook."""

from __future__ import annotations

from typing import Any

# What spreadsheet programs read as the start of a formula or a command (CSV/DDE
# injection): =, +, -, @, and a leading tab or carriage return that hides one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` ready for a cell: text that would start a formula is prefixed with an
    apostrophe (``'``), the convention spreadsheets read as "this is text"; numbers,
    dates and ``None`` pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
