"""The project's layers, and the import graph measured against them.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a
circle held together by an import placed in a function is still a circle.

Run ``python -m tests.architecture.layering`` to print the app-level graph (how many
imports run from each app to each other), its circles and the imports that break the
layering; the tests in this folder fail on any of them.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[2]

# Bottom to top. A module belongs to the longest prefix listed; a module may import
# modules of its own part and of parts in lower layers, never of higher ones. Parts on
# one line share a layer and must not form a circle between them.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("matching.engine", "synthetic"),  # pure: the engine and the district generator
    ("core",),  # errors, problems, code and slot rules, spreadsheets, task enqueueing
    ("changes",),  # the change log every writer records to
    ("partners",),  # communities, partners, offerings, the reference tables
    ("needs",),  # needs, projects and their lifecycle, requests, notifications
    ("centres",),  # the service centres' rooms and their bookings
    ("matching",),  # the index, ranking for the app, allocation, insights, learning
    ("meetings",),  # liaison meetings, their agenda, minutes and documents
    ("interchange", "privacy"),  # bulk import/export and the demo; personal data
    ("frontend",),  # the pages
    ("config",),  # settings, URLs, the admin site: wires everything
)
# Management commands are entry points, like the pages: whatever app they sit in, they
# stand at the top and may use any app (a matching evaluation loads a region file).
ENTRY_POINTS = ".management"
PACKAGES = sorted({part.split(".")[0] for layer in LAYERS for part in layer})


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def part_of(module: str) -> str:
    """The layer part a module belongs to: the longest listed prefix (a command's module
    belongs to its app's entry points)."""
    app, _, rest = module.partition(".")
    if rest == ENTRY_POINTS[1:] or rest.startswith(ENTRY_POINTS[1:] + "."):
        return app + ENTRY_POINTS
    best = ""
    for layer in LAYERS:
        for part in layer:
            if (module == part or module.startswith(part + ".")) and len(part) > len(best):
                best = part
    return best


def layer_of(part: str) -> int:
    if part.endswith(ENTRY_POINTS):
        return len(LAYERS) - 1
    return next(i for i, layer in enumerate(LAYERS) if part in layer)


@cache
def project_graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))
    present = [p for p in PACKAGES if (ROOT / p / "__init__.py").exists()]
    return grimp.build_graph(*present, cache_dir=None)


def imports() -> list[Import]:
    """Every import between two modules of the project, outside migrations."""
    graph = project_graph()
    found: list[Import] = []
    for importer in sorted(graph.modules):
        if ".migrations" in importer:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                found.append(Import(importer, imported, int(detail["line_number"])))
    return found


def part_graph(found: list[Import]) -> Counter[tuple[str, str]]:
    """How many imports run from each part to each other part."""
    return Counter(
        (part_of(i.importer), part_of(i.imported))
        for i in found
        if part_of(i.importer) != part_of(i.imported)
    )


def upward(found: list[Import]) -> list[Import]:
    """Imports from a lower layer into a higher one."""
    return [i for i in found if layer_of(part_of(i.importer)) < layer_of(part_of(i.imported))]


def circles(edges: Counter[tuple[str, str]] | set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node: the circles."""
    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def module_circles(found: list[Import]) -> list[list[str]]:
    return circles({(i.importer, i.imported) for i in found})


def imports_inside_functions() -> list[str]:
    """Project imports placed inside a function body (outside migrations): each is a
    dependency the module's top does not show."""
    import ast

    found: list[str] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for func in ast.walk(tree):
                if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(func):
                    if not isinstance(node, ast.Import | ast.ImportFrom):
                        continue
                    module = ""
                    if isinstance(node, ast.ImportFrom) and node.level == 0:
                        module = node.module or ""
                    elif isinstance(node, ast.Import):
                        module = node.names[0].name
                    if module.split(".")[0] in PACKAGES:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    return sorted(set(found))


def main() -> None:
    found = imports()
    edges = part_graph(found)
    print(f"{len(found)} imports between project modules; app-level arrows:")
    for (source, target), count in sorted(edges.items()):
        print(f"  {source:16} -> {target:16} {count:4}")
    app_circles = circles(edges)
    files = module_circles(found)
    print(f"app-level circles: {len(app_circles)} {app_circles}")
    print(f"file-level circles: {len(files)}, files in them: {sum(len(c) for c in files)}")
    for circle in files:
        print("  " + ", ".join(circle))
    inside = imports_inside_functions()
    print(f"project imports inside functions: {len(inside)}")
    wrong = upward(found)
    print(f"imports running up the layers: {len(wrong)}")
    for i in wrong:
        print(f"  {i}")


if __name__ == "__main__":
    main()
