"""Reading interchange files: JSON documents and Excel workbooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from interchange.errors import InterchangeError
from interchange.importer import ImportReport, import_document
from interchange.workbook import import_workbook

# Every .xlsx is a zip archive.
_ZIP_MAGIC = b"PK\x03\x04"


def read_json(source: str | Path | bytes | IO[bytes]) -> object:
    """Parse a UTF-8 JSON file (path, bytes or binary file); one clear problem if it is
    not JSON. A missing file raises FileNotFoundError."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        data = _read_bytes(Path(source))
    else:
        data = source.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(["file: not a JSON document (not UTF-8 text)"]) from None
    # The bytes read here are not needed once decoded: a city's file is hundreds of MB.
    del data
    try:
        return json.loads(text, parse_constant=_not_a_json_number)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [f"file: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
        ) from None
    except ValueError as exc:
        # Python refuses to read integers of more than 4300 digits.
        raise InterchangeError([f"file: not a JSON document the format can hold: {exc}"]) from None
    except RecursionError:
        raise InterchangeError(
            ["file: not a JSON document the format can hold: nested too deeply"]
        ) from None


def _not_a_json_number(name: str) -> object:
    # Python reads NaN and Infinity, which JSON does not have.
    raise InterchangeError([f"file: not valid JSON: {name} is not a JSON number"])


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InterchangeError([f"file: cannot be read: {exc.strerror or exc}"]) from None


def is_workbook(path: str | Path) -> bool:
    """An .xlsx by its name, or any file that starts like one (a zip archive)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(4) == _ZIP_MAGIC
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InterchangeError([f"file: cannot be read: {exc.strerror or exc}"]) from None


def import_file(path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Import a ``.json`` document or an ``.xlsx`` workbook (see ``import_document``).

    Raises InterchangeError; workbook problems name sheet, row and column.
    """
    if is_workbook(path):
        return import_workbook(path, dry_run=dry_run)
    return import_document(read_json(path), dry_run=dry_run, release=True)
