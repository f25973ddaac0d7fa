"""Excel workbooks: the same document in a form a clerk can fill in."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from interchange.errors import InterchangeError
from interchange.exporter import export_document
from interchange.importer import import_document
from interchange.workbook import import_workbook, read_workbook, write_workbook
from partners.models import Offering
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = pytest.mark.django_db


def _workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An .xlsx with ``{sheet: [header, row, …]}``, as a clerk would make it."""
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_region_survives_a_round_trip_through_a_workbook(region_doc: dict[str, Any]) -> None:
    assert read_workbook(write_workbook(region_doc)) == region_doc


def test_exported_document_survives_a_round_trip_through_a_workbook() -> None:
    doc = minimal_doc()
    doc["offerings"].append(
        dict(doc["offerings"][0], code="T-O2", service_area={"radius_km": 2.5}, description="=1+1")
    )
    import_document(doc)
    exported = export_document()

    assert read_workbook(write_workbook(exported)) == exported


def test_empty_lists_give_a_template_with_headers() -> None:
    template = write_workbook({"format": "jinlin-interchange/1", "needs": []})

    assert read_workbook(template) == {"format": "jinlin-interchange/1", "needs": []}


def test_clerk_friendly_cells_are_understood() -> None:
    book = _workbook(
        {
            "meetings": [
                ["code", "community", "date", "title", "attendees"],
                ["M1", "C1", dt.date(2026, 10, 15), "联席会", "P1、P2；P3"],
            ],
            "offerings": [
                ["code", "partner", "title", "modes", "capacity", "availability", "service_area"],
                [
                    "O1",
                    "P1",
                    "义诊",
                    "at_center; online",
                    4.0,
                    "1 9:00-11:00; 3 14:00-16:00",
                    "radius_km:3",
                ],
            ],
        }
    )

    doc = read_workbook(book)

    assert doc["meetings"][0]["date"] == "2026-10-15"
    assert doc["meetings"][0]["attendees"] == ["P1", "P2", "P3"]
    offering = doc["offerings"][0]
    assert offering["modes"] == ["at_center", "online"]
    assert offering["capacity"] == 4
    assert offering["service_area"] == {"radius_km": 3}
    assert offering["availability"] == [
        {"weekday": 1, "start": "09:00", "end": "11:00"},
        {"weekday": 3, "start": "14:00", "end": "16:00"},
    ]


def test_problems_name_sheet_row_and_column() -> None:
    doc = minimal_doc()
    doc["offerings"].append(dict(doc["offerings"][0], code="T-O2", modes=["walk"]))
    before = row_counts()

    with pytest.raises(InterchangeError) as caught:
        import_workbook(write_workbook(doc))

    assert caught.value.problems == [
        "sheet 'offerings', row 3, column 'modes': item 1: unknown delivery mode 'walk'"
    ]
    assert row_counts() == before


def test_unreadable_slot_cell_is_named() -> None:
    book = _workbook(
        {
            "offerings": [
                ["code", "partner", "title", "modes", "capacity", "availability"],
                ["O1", "P1", "义诊", "at_center", 4, "周一上午"],
            ]
        }
    )

    with pytest.raises(InterchangeError) as caught:
        read_workbook(book)

    assert caught.value.problems[0].startswith(
        "sheet 'offerings', row 2, column 'availability': expected slots like"
    )


def test_workbook_missing_a_required_column_is_rejected() -> None:
    book = _workbook({"partners": [["code", "name", "community"], ["P1", "社工站", "C1"]]})

    with pytest.raises(InterchangeError) as caught:
        import_workbook(book)

    assert caught.value.problems == ["sheet 'partners': missing column 'kind'"]


def test_unknown_sheet_and_column_are_rejected() -> None:
    book = _workbook({"offering": [["code"]], "needs": [["code", "titel"]]})

    with pytest.raises(InterchangeError) as caught:
        read_workbook(book)

    assert "sheet 'offering': unknown sheet" in caught.value.problems[0]
    assert "sheet 'needs', row 1, column 'titel': unknown column" in caught.value.problems


def test_file_that_is_not_a_workbook_is_rejected() -> None:
    with pytest.raises(InterchangeError) as caught:
        import_workbook(b'{"format": "jinlin-interchange/1"}')

    assert caught.value.problems[0].startswith("file: not an Excel workbook (.xlsx)")
    assert not Offering.objects.exists()
