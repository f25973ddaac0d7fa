"""Reading interchange files: JSON documents and Excel workbooks."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
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


def _unreadable(exc: OSError) -> InterchangeError:
    return InterchangeError([f"file: cannot be read: {exc.strerror or exc}"])


def _not_a_json_number(name: str) -> object:
    # Python reads NaN and Infinity, which JSON does not have.
    raise InterchangeError([f"file: not valid JSON: {name} is not a JSON number"])


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _unreadable(exc) from None


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
        raise _unreadable(exc) from None


def import_file(path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Import a ``.json`` document or an ``.xlsx`` workbook (see ``import_document``).

    A JSON document is read a record at a time (:class:`JsonStream`); one that cannot be
    (not valid JSON, a key given twice) is read whole, as :func:`read_json` reads it and
    with its problem, having written nothing. Raises InterchangeError; workbook problems
    name sheet, row and column.
    """
    if is_workbook(path):
        return import_workbook(path, dry_run=dry_run)
    try:
        fh = Path(path).open("rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        with fh:
            return import_document(JsonStream(fh), dry_run=dry_run)
    except UnstreamableError:
        pass
    # Past the handler: the stream and what it read are let go before the whole file is.
    return import_document(read_json(path), dry_run=dry_run, release=True)


# The file decoded a piece at a time; a value (a record) read whole up to this long.
CHUNK = 1 << 23
LONGEST_VALUE = 1 << 22
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class UnstreamableError(Exception):
    """The file is not a JSON object that can be read record by record as it stands (not
    JSON, a top-level key given twice, ...): it is read whole instead, which reads it as
    ``json`` does or says what is wrong, with its line and column."""


class JsonStream:
    """A JSON document read from a binary file a record at a time: a city's file holds
    some 600,000 records, and read whole its text and its records were held at once
    (1.8 GB) before the first was checked.

    ``items()`` gives the top-level keys and values in the file's order, each list as an
    iterator of its items (read once, in order; what is left unread is skipped), any
    other value decoded. Each value is decoded by ``json`` itself, from a window of the
    file's text. Raises :class:`UnstreamableError` where the file is not read exactly as
    ``json.loads`` would read it, and :class:`InterchangeError` for ``NaN`` and
    ``Infinity``, as :func:`read_json` does."""

    def __init__(self, fh: IO[bytes], *, chunk: int = CHUNK) -> None:
        self._fh = fh
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder(parse_constant=_not_a_json_number)
        self._text = ""
        self._pos = 0
        self._eof = False

    def items(self) -> Iterator[tuple[str, object]]:
        self._expect("{")
        if self._peek() == "}":
            self._pos += 1
        else:
            seen: set[str] = set()
            while True:
                if self._peek() != '"':
                    raise UnstreamableError
                key = self._value()
                if not isinstance(key, str) or key in seen:
                    raise UnstreamableError
                seen.add(key)
                self._expect(":")
                if self._peek() == "[":
                    self._pos += 1
                    items = _Items(self)
                    yield key, items
                    for _ in items:
                        pass
                else:
                    yield key, self._value()
                if self._peek() == ",":
                    self._pos += 1
                    continue
                self._expect("}")
                break
        if self._peek() != "":
            raise UnstreamableError

    def _more(self) -> bool:
        """Decode the next piece of the file; False at its end."""
        if self._eof:
            return False
        try:
            data = self._fh.read(self._chunk)
        except OSError as exc:
            raise _unreadable(exc) from None
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise UnstreamableError from None
        self._eof = not data
        # What was read is dropped, once it is most of the window.
        if self._pos > len(self._text) // 2:
            self._text = self._text[self._pos :]
            self._pos = 0
        self._text += text
        return True

    def _peek(self) -> str:
        """The next character that is not white space, "" at the end of the file."""
        while True:
            match = _WHITESPACE.match(self._text, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._more():
                return ""

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise UnstreamableError
        self._pos += 1

    def _value(self) -> object:
        self._peek()
        while True:
            try:
                value, end = self._json.raw_decode(self._text, self._pos)
            except json.JSONDecodeError:
                # Cut by the window: read on. Past LONGEST_VALUE it is not JSON, or no
                # record of the format: give up, rather than read the rest of the file
                # into the window.
                if len(self._text) - self._pos <= LONGEST_VALUE and self._more():
                    continue
                raise UnstreamableError from None
            except (ValueError, RecursionError):
                raise UnstreamableError from None
            # A number ending the window may go on in the next piece.
            if end == len(self._text) and self._more():
                continue
            self._pos = end
            return value


class _Items(Iterator[object]):
    """The items of a list in a :class:`JsonStream`, read as they are asked for."""

    def __init__(self, stream: JsonStream) -> None:
        self._stream = stream
        self._first = True
        self._done = False

    def __next__(self) -> object:
        if self._done:
            raise StopIteration
        stream = self._stream
        after = stream._peek()
        if after == "]":
            stream._pos += 1
            self._done = True
            raise StopIteration
        if not self._first:
            if after != ",":
                raise UnstreamableError
            stream._pos += 1
        self._first = False
        return stream._value()
