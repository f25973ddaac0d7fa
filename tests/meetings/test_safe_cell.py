"""Spreadsheet cells that would start a formula are neutralised; others pass unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from core.spreadsheets import safe_cell


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tX", "\r=1"])
def test_formula_starts_get_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["老人想测血压", "a=b", 3, -2, 1.5, None, dt.date(2026, 1, 1)])
def test_other_values_pass_unchanged(value: object) -> None:
    assert safe_cell(value) == value
