"""The example document in docs/interchange.md is one the importer accepts: imported into
an empty database it creates every record it holds, so the page cannot drift from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from interchange.exporter import export_document
from interchange.importer import import_document
from interchange.schema import KINDS
from needs.models import Need
from partners.models import Partner
from tests.interchange.conftest import row_counts

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "interchange.md"
MARKER = "## Example document"
_FENCE = re.compile(r"^```json\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def documented_example() -> dict[str, Any]:
    """The first ```json block after the example heading of docs/interchange.md."""
    text = DOC.read_text(encoding="utf-8")
    assert MARKER in text, f"{DOC.name} has no heading {MARKER!r}"
    found = _FENCE.search(text, text.index(MARKER))
    assert found is not None, f"{DOC.name} has no ```json block after {MARKER!r}"
    doc: dict[str, Any] = json.loads(found.group(1))
    return doc


def test_the_documented_example_imports_into_an_empty_database() -> None:
    doc = documented_example()
    assert not any(row_counts().values())

    report = import_document(doc)

    for kind in KINDS:
        counts = report.by_kind()[kind]
        assert (counts.created, counts.updated) == (len(doc.get(kind, [])), 0), kind
    exported = export_document()
    for kind in KINDS:
        assert {r["code"] for r in exported[kind]} == {r["code"] for r in doc.get(kind, [])}


def test_the_example_shows_every_kind_and_the_documented_defaults() -> None:
    doc = documented_example()
    assert all(doc.get(kind) for kind in KINDS)

    import_document(doc)

    statuses = dict(Partner.objects.values_list("code", "status"))
    given = {p["code"]: p.get("status") for p in doc["partners"]}
    for code, status in given.items():
        assert statuses[code] == (status or Partner.Status.VERIFIED)
    assert set(Need.objects.values_list("status", flat=True)) == {Need.Status.OPEN}
