"""An area's cells and rows are built with the cyclic garbage collector held off (a
city's are half a million objects, all kept), and it is back as it was after."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from core.memory import collection_paused
from matching.engine import coverage as engine
from matching.insights.coverage import coverage_report
from tests.insights.conftest import Q4


def test_the_collector_is_off_within_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    inside: list[bool] = []

    def fails() -> None:
        with collection_paused():
            inside.append(gc.isenabled())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fails()
    assert inside == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()


def test_the_cells_are_built_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch, area: dict[str, Any]
) -> None:
    seen: list[bool] = []
    built = engine.coverage

    def watched(*args: object, **kwargs: object) -> list[engine.CoverageCell]:
        seen.append(gc.isenabled())
        return built(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "coverage", watched)
    report = coverage_report(scope=area["BA"], quarter=Q4)
    assert seen == [False]
    assert gc.isenabled()
    assert report.rows()
    assert gc.isenabled()
