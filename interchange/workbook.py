"""Excel workbooks (.xlsx) as a way to fill in an interchange document.

A district clerk gets a template from :func:`write_workbook` and fills it in:

- one sheet per kind, named ``communities``, ``partners``, ``offerings``, ``meetings``,
  ``needs`` (a sheet may be left out; a sheet named ``说明`` holds instructions and is
  ignored); the first row holds the column names, which are the record keys of
  ``docs/interchange.md``; every further row is one record, and empty rows are skipped;
- lists (tags, modes, beneficiaries, attendees, service-area communities) go in one
  cell, separated by ``;``, ``；`` or ``、``: ``elderly、children``;
- weekly slots (``availability``, ``preferred_slots``) are written
  ``1 09:00-17:00; 3 14:00-16:00``: weekday 1 (Monday) to 7 (Sunday), then the hours;
- an offering's service area is two columns, ``area_communities`` (codes) and
  ``area_radius_km`` (a number), one of them filled in; a single ``service_area``
  column holding ``communities:BA-S01;BA-S02`` or ``radius_km:3`` is read too;
- a need's window is two columns, ``window_start`` and ``window_end``;
- dates are Excel dates or text ``2026-10-01``; an empty cell means "not given":
  empty text, an empty list, or no value (null) where the spec allows one.

Problems are named by sheet, row and column: ``sheet 'offerings', row 14, column
'modes': unknown delivery mode 'walk'``. ``read_workbook(write_workbook(doc)) == doc``
for every document in the form the exporter writes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell

from interchange.errors import InterchangeError
from interchange.importer import ImportReport, import_document
from interchange.schema import FORMAT, KINDS, Reach
from partners.services import Actor

Source = str | Path | bytes | IO[bytes]
INSTRUCTIONS_SHEET = "说明"

_MISSING = object()  # a cell that leaves its key out of the record
_LIST_SEPARATORS = re.compile(r"[;；、]")
_SLOT = re.compile(r"^([0-9])\s+(\d{1,2}:\d{2})\s*[-–~～至]\s*(\d{1,2}:\d{2})$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


class _CellError(ValueError):
    """A cell that cannot be read as its column's type."""


# --- reading one cell ---------------------------------------------------------------------


def _as_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _text(value: Any) -> Any:
    """Free text, kept as written; empty means empty text."""
    return "" if value is None else _as_text(value)


def _code(value: Any) -> Any:
    """A code or enum value; empty means not given."""
    value = _as_text(value)
    if isinstance(value, str):
        value = value.strip()
    return _MISSING if value in (None, "") else value


def _code_or_null(value: Any) -> Any:
    value = _code(value)
    return None if value is _MISSING else value


def _code_or_empty(value: Any) -> Any:
    value = _code(value)
    return "" if value is _MISSING else value


def _integer(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        if _INTEGER.match(value):
            return int(value)
    return _MISSING if value in (None, "") else value


def _number(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if _NUMBER.match(value):
            return float(value) if "." in value else int(value)
    return _MISSING if value in (None, "") else value


def _number_or_null(value: Any) -> Any:
    value = _number(value)
    return None if value is _MISSING else value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
    return _MISSING if value in (None, "") else value


def _date_or_null(value: Any) -> Any:
    value = _date(value)
    return None if value is _MISSING else value


def _list(value: Any) -> Any:
    value = _as_text(value)
    if value is None:
        return []
    if not isinstance(value, str):
        return value
    return [item.strip() for item in _LIST_SEPARATORS.split(value) if item.strip()]


def _slots(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if not isinstance(value, str):
        raise _CellError(f"expected slots like '1 09:00-17:00; 3 14:00-16:00', got {value!r}")
    slots = []
    for part in _LIST_SEPARATORS.split(value):
        if not part.strip():
            continue
        match = _SLOT.match(part.strip())
        if not match:
            raise _CellError(
                f"expected slots like '1 09:00-17:00; 3 14:00-16:00', got {part.strip()!r}"
            )
        weekday, start, end = match.groups()
        # Clerks write 9:00; the format wants 09:00.
        slots.append({"weekday": int(weekday), "start": start.zfill(5), "end": end.zfill(5)})
    return slots


# --- writing one cell ---------------------------------------------------------------------


def _write_plain(value: Any) -> Any:
    return None if value == "" else value


def _write_list(value: Any) -> Any:
    return "; ".join(value) if value else None


def _write_slots(value: Any) -> Any:
    if not value:
        return None
    return "; ".join(f"{s['weekday']} {s['start']}-{s['end']}" for s in value)


@dataclass(frozen=True)
class _Column:
    read: Callable[[Any], Any]
    write: Callable[[Any], Any] = _write_plain


_TEXT = _Column(_text)
_CODE = _Column(_code)
_CODE_OR_NULL = _Column(_code_or_null)
_LIST = _Column(_list, _write_list)
_SLOTS = _Column(_slots, _write_slots)

# Columns of each sheet, in the order a template lists them. Keys are record keys except
# for the flattened service area and window.
COLUMNS: dict[str, dict[str, _Column]] = {
    "communities": {
        "code": _CODE,
        "name": _TEXT,
        "level": _CODE,
        "parent": _CODE_OR_NULL,
        "lat": _Column(_number),
        "lng": _Column(_number),
    },
    "partners": {
        "code": _CODE,
        "name": _TEXT,
        "kind": _CODE,
        "unit_type": _Column(_code_or_empty),
        "community": _CODE,
        "address": _TEXT,
        "lat": _Column(_number_or_null),
        "lng": _Column(_number_or_null),
        "contact_name": _TEXT,
        "phone": _TEXT,
        "description": _TEXT,
        "tags": _LIST,
        "status": _CODE,
    },
    "offerings": {
        "code": _CODE,
        "partner": _CODE,
        "title": _TEXT,
        "description": _TEXT,
        "category": _CODE_OR_NULL,
        "tags": _LIST,
        "modes": _LIST,
        "area_communities": _LIST,
        "area_radius_km": _Column(_number),
        "beneficiaries": _LIST,
        "capacity": _Column(_integer),
        "unit": _CODE,
        "availability": _SLOTS,
        "valid_from": _Column(_date_or_null),
        "valid_until": _Column(_date_or_null),
        "cost": _CODE,
    },
    "meetings": {
        "code": _CODE,
        "community": _CODE,
        "date": _Column(_date),
        "title": _TEXT,
        "attendees": _LIST,
    },
    "needs": {
        "code": _CODE,
        "community": _CODE,
        "title": _TEXT,
        "description": _TEXT,
        "category": _CODE_OR_NULL,
        "tags": _LIST,
        "beneficiaries": _LIST,
        "quantity": _Column(_integer),
        "modes": _LIST,
        "window_start": _Column(_date),
        "window_end": _Column(_date),
        "preferred_slots": _SLOTS,
        "priority": _CODE,
        "source": _CODE,
        "meeting": _CODE_OR_NULL,
    },
}
REQUIRED_COLUMNS = {
    "communities": ("code", "name", "level"),
    "partners": ("code", "name", "kind", "community"),
    "offerings": ("code", "partner", "title", "modes", "capacity"),
    "meetings": ("code", "community", "date", "title"),
    "needs": ("code", "community", "title", "window_start", "window_end"),
}
_SERVICE_AREA = "service_area"  # the one-column alternative for offerings


def _where(sheet: str, row: int | None = None, column: str | None = None) -> str:
    where = f"sheet {sheet!r}"
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column!r}"
    return where


@dataclass
class _Locations:
    """Where each record of the document came from, to name it in problems."""

    rows: dict[str, list[int]] = field(default_factory=dict)
    headers: dict[str, set[str]] = field(default_factory=dict)


def read_workbook(source: Source) -> dict[str, Any]:
    """Read an .xlsx workbook (path, bytes or binary file) into an interchange document.

    The layout is described in this module's docstring. Raises InterchangeError naming
    sheet, row and column for cells that cannot be read, unknown or missing columns and
    unknown sheets, and a single problem for a file that is not a workbook. The
    document itself is not validated: pass it to ``import_document`` (or use
    :func:`import_workbook`, which names sheets and rows in its problems too).
    """
    doc, _ = _read(source)
    return doc


def import_workbook(
    source: Source,
    *,
    dry_run: bool = False,
    reach: Reach | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """:func:`read_workbook` then ``import_document`` (``reach`` and ``actor`` as there),
    with every problem's path given as sheet, row and column."""
    doc, locations = _read(source)
    try:
        return import_document(doc, dry_run=dry_run, reach=reach, actor=actor, release=True)
    except InterchangeError as exc:
        raise InterchangeError([_locate(p, locations) for p in exc.problems]) from None


def _read(source: Source) -> tuple[dict[str, Any], _Locations]:
    problems: list[str] = []
    doc: dict[str, Any] = {"format": FORMAT}
    locations = _Locations()
    for name, values in _sheets(source):
        if name not in COLUMNS:
            problems.append(f"{_where(name)}: unknown sheet, expected one of {', '.join(KINDS)}")
            continue
        records, rows, headers = _read_sheet(name, iter(values), problems)
        doc[name] = records
        locations.rows[name] = rows
        locations.headers[name] = headers
    if problems:
        raise InterchangeError(problems)
    # Kinds in the spec's order, whatever the order of the sheets.
    ordered = {"format": FORMAT} | {kind: doc[kind] for kind in KINDS if kind in doc}
    return ordered, locations


def _sheets(source: Source) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Each sheet but the instructions, with the values of its rows.

    openpyxl parses lazily, so a broken part surfaces while the rows are read; what a
    broken file raises (zipfile, zlib, XML parser, KeyError, ValueError, TypeError,
    OverflowError for a date past the calendar…) has no common base, hence the broad
    ``except``, kept around openpyxl's calls only.
    """
    try:
        book = openpyxl.load_workbook(_binary(source), read_only=True, data_only=True)
        try:
            return [
                (sheet.title, list(sheet.iter_rows(values_only=True)))
                for sheet in book.worksheets
                if sheet.title != INSTRUCTIONS_SHEET
            ]
        finally:
            book.close()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InterchangeError([f"file: cannot be read: {exc.strerror or exc}"]) from None
    except Exception as exc:
        raise InterchangeError([f"file: not an Excel workbook (.xlsx): {exc}"]) from None


def _binary(source: Source) -> IO[bytes] | str | Path:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _read_sheet(
    sheet: str, rows: Any, problems: list[str]
) -> tuple[list[dict[str, Any]], list[int], set[str]]:
    columns = COLUMNS[sheet]
    allowed = set(columns) | ({_SERVICE_AREA} if sheet == "offerings" else set())
    header_row = next(rows, ())
    headers: list[str | None] = []
    for cell in header_row:
        name = str(cell).strip() if cell is not None else ""
        if not name:
            headers.append(None)
        elif name not in allowed:
            problems.append(f"{_where(sheet, 1, name)}: unknown column")
            headers.append(None)
        elif name in headers:
            problems.append(f"{_where(sheet, 1, name)}: column given twice")
            headers.append(None)
        else:
            headers.append(name)
    present = {h for h in headers if h}
    for name in REQUIRED_COLUMNS[sheet]:
        if name not in present:
            problems.append(f"{_where(sheet)}: missing column {name!r}")

    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record: dict[str, Any] = {}
        # Rows may stop at their last filled cell; the missing ones are empty.
        padded = (*values, *[None] * (len(headers) - len(values)))
        for header, value in zip(headers, padded, strict=False):
            if header is None:
                continue
            try:
                if header == _SERVICE_AREA:
                    record[header] = _service_area_text(value)
                    continue
                converted = columns[header].read(value)
            except _CellError as exc:
                problems.append(f"{_where(sheet, number, header)}: {exc}")
                continue
            if converted is not _MISSING:
                record[header] = converted
        records.append(_nest(sheet, record))
        numbers.append(number)
    return records, numbers, present


def _service_area_text(value: Any) -> Any:
    text = _as_text(value)
    if text is None or (isinstance(text, str) and not text.strip()):
        return {"communities": []}
    if isinstance(text, str):
        key, sep, rest = text.replace("：", ":").partition(":")
        if sep and key.strip() == "communities":
            return {"communities": _list(rest)}
        if sep and key.strip() == "radius_km":
            radius = _number(rest)
            if radius is not _MISSING:
                return {"radius_km": radius}
    raise _CellError(f"expected 'communities:CODE;CODE' or 'radius_km:NUMBER', got {text!r}")


def _nest(sheet: str, record: dict[str, Any]) -> dict[str, Any]:
    """Fold the flattened columns back into the spec's nested values."""
    if sheet == "offerings" and _SERVICE_AREA not in record:
        communities = record.pop("area_communities", [])
        radius = record.pop("area_radius_km", _MISSING)
        area: dict[str, Any] = {}
        if communities or radius is _MISSING:
            area["communities"] = communities
        if radius is not _MISSING:
            area["radius_km"] = radius
        record = _insert_after(record, "modes", _SERVICE_AREA, area)
    if sheet == "needs" and ("window_start" in record or "window_end" in record):
        window = {
            key: record.pop(f"window_{key}")
            for key in ("start", "end")
            if f"window_{key}" in record
        }
        record = _insert_after(record, "quantity", "window", window)
    return record


def _insert_after(record: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    # Key order does not matter to the format; keeping the spec's order makes the read
    # document look like an exported one.
    out: dict[str, Any] = {}
    for k, v in record.items():
        out[k] = v
        if k == after:
            out[key] = value
    out.setdefault(key, value)
    return out


_PATH = re.compile(r"^(?P<kind>[a-z]+)\[(?P<index>\d+)\](?P<rest>\S*): (?P<message>.*)$", re.S)
_SUB = re.compile(r"^\.(?P<key>[a-z_]+)(?P<rest>\S*)$")


def _locate(problem: str, locations: _Locations) -> str:
    """``offerings[3].modes[0]: …`` → ``sheet 'offerings', row 5, column 'modes': …``."""
    match = _PATH.match(problem)
    if not match or match["kind"] not in locations.rows:
        return problem
    sheet, index = match["kind"], int(match["index"])
    rows = locations.rows[sheet]
    row = rows[index] if index < len(rows) else None
    sub = _SUB.match(match["rest"])
    if not sub:
        return f"{_where(sheet, row)}: {match['message']}"
    key, rest = sub["key"], sub["rest"]
    if key == _SERVICE_AREA and _SERVICE_AREA not in locations.headers[sheet]:
        inner = _SUB.match(rest)
        key = f"area_{inner['key']}" if inner else "area_communities"
        rest = inner["rest"] if inner else ""
    elif key == "window":
        inner = _SUB.match(rest)
        key = f"window_{inner['key']}" if inner else "window_start"
        rest = inner["rest"] if inner else ""
    item = re.match(r"^\[(\d+)\]\.?(.*)$", rest)
    detail = ""
    if item:
        detail = f"item {int(item[1]) + 1}" + (f" ({item[2]})" if item[2] else "") + ": "
    return f"{_where(sheet, row, key)}: {detail}{match['message']}"


# --- writing -------------------------------------------------------------------------------


def write_workbook(doc: Mapping[str, Any]) -> bytes:
    """The document as an .xlsx workbook: one sheet per kind the document holds (an
    empty list gives a sheet with headers only, a template), plus instructions."""
    book = openpyxl.Workbook(write_only=True)
    notes = book.create_sheet(INSTRUCTIONS_SHEET)
    for line in (__doc__ or "").strip().splitlines():
        notes.append([line])
    for kind in KINDS:
        if kind not in doc:
            continue
        columns = COLUMNS[kind]
        sheet = book.create_sheet(kind)
        sheet.append(list(columns))
        for record in doc[kind]:
            flat = _flatten(kind, record)
            sheet.append(
                [
                    _cell(sheet, column.write(flat[key])) if key in flat else None
                    for key, column in columns.items()
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _flatten(kind: str, record: Mapping[str, Any]) -> dict[str, Any]:
    flat = dict(record)
    if kind == "offerings" and _SERVICE_AREA in flat:
        area = flat.pop(_SERVICE_AREA)
        if "communities" in area:
            flat["area_communities"] = area["communities"]
        if "radius_km" in area:
            flat["area_radius_km"] = area["radius_km"]
    if kind == "needs" and "window" in flat:
        window = flat.pop("window")
        flat["window_start"] = window.get("start")
        flat["window_end"] = window.get("end")
    return flat


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        # Text, never a formula: a description may start with "=" and must not run.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
