"""The layers hold: dependencies run one way, with no circle between apps or modules,
and the engine stays pure (see ``tests/architecture/layering.py`` for the layers)."""

from __future__ import annotations

import ast
import sys

from tests.architecture.layering import ROOT, circles, imports, module_circles, part_graph, upward

# What the engine may import besides the standard library and itself: numeric, learning
# and text libraries, and the district generator it is evaluated on. Never Django nor an
# app.
ENGINE_MAY_USE = {
    "numpy",
    "scipy",
    "sklearn",
    "networkx",
    "jieba",
    "ortools",
    "rank_bm25",
    "synthetic",
}


def test_no_import_runs_up_the_layers():
    assert [str(i) for i in upward(imports())] == []


def test_no_circle_between_apps():
    assert circles(part_graph(imports())) == []


def test_no_circle_between_modules_counting_imports_inside_functions():
    assert module_circles(imports()) == []


def test_the_engine_imports_no_django_and_no_app():
    outside: list[str] = []
    for path in sorted((ROOT / "matching" / "engine").rglob("*.py")) + sorted(
        (ROOT / "synthetic").rglob("*.py")
    ):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if name.startswith("matching.engine") or top in ENGINE_MAY_USE:
                    continue
                if top in sys.stdlib_module_names or top == "__future__":
                    continue
                outside.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert outside == []


def test_the_layering_check_sees_a_wrong_import(tmp_path, monkeypatch):
    """The check is not blind: an import from partners up into needs is reported."""
    from tests.architecture import layering

    found = [layering.Import("partners.services", "needs.models", 1)]
    assert [str(i) for i in layering.upward(found)] == ["partners.services:1 imports needs.models"]
    two_way = [*found, layering.Import("needs.models", "partners.models", 1)]
    assert layering.circles(layering.part_graph(two_way)) == [["needs", "partners"]]
