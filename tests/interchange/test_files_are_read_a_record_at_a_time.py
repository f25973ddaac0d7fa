"""A JSON file is imported a record at a time (``JsonStream``), read exactly as ``json``
reads it; a file that cannot be streamed is read whole, with the same problems."""

import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interchange.errors import InterchangeError
from interchange.files import JsonStream, UnstreamableError, import_file, read_json
from interchange.schema import validate_document
from partners.models import Offering
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = pytest.mark.django_db


def _streamed(data: bytes, chunk: int) -> dict[str, Any]:
    """The document as the stream gives it, lists read whole."""
    return _streamed_from(io.BytesIO(data), chunk)


def _streamed_from(fh: io.BytesIO, chunk: int = 1 << 10) -> dict[str, Any]:
    stream = JsonStream(fh, chunk=chunk)
    return {
        key: list(value) if isinstance(value, Iterator) else value for key, value in stream.items()
    }


def _odd_document() -> bytes:
    doc: dict[str, Any] = minimal_doc()
    doc["offerings"][0]["capacity"] = 123456789
    doc["offerings"][0]["description"] = '跨越\\窗口的"长"文字，含 emoji 🙂 与 \u2028 分隔' * 20
    doc["offerings"].append(dict(doc["offerings"][0], code="T-O2", capacity=-0.5e-3))
    doc["meetings"] = []
    doc["extra"] = {"nested": [1, 2.5, None, True, {"a": []}]}
    text = json.dumps(doc, ensure_ascii=False, indent="\t")
    return "\ufeff".encode() + text.replace(",", " ,\r\n ").encode("utf-8")


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_the_stream_reads_what_json_reads(chunk: int) -> None:
    data = _odd_document()
    assert _streamed(data, chunk) == json.loads(data.decode("utf-8-sig"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"format": "a", "format": "b"}',
        '{"offerings": [1,]}',
        '{"offerings": [,1]}',
        '{"offerings": [1 2]}',
        '{"format": "a"} {}',
        '{"format": "a",}',
        '{"offerings": [1.]}',
    ],
)
def test_what_is_not_streamed_as_json_reads_it_is_refused(text: str) -> None:
    with pytest.raises(UnstreamableError):
        _streamed(text.encode(), chunk=2)


def test_nan_is_refused_as_when_read_whole() -> None:
    with pytest.raises(InterchangeError) as whole:
        read_json(b'{"offerings": [{"capacity": NaN}]}')
    with pytest.raises(InterchangeError) as streamed:
        _streamed(b'{"offerings": [{"capacity": NaN}]}', chunk=3)
    assert streamed.value.problems == whole.value.problems


def test_a_file_with_broken_json_says_where_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    text = json.dumps(minimal_doc(), ensure_ascii=False, indent=1)
    path.write_text(text.replace('"T-O1"', '"T-O1",,', 1), encoding="utf-8")
    before = row_counts()

    with pytest.raises(InterchangeError) as caught:
        import_file(path)

    assert caught.value.problems[0].startswith("file: not valid JSON: Expecting")
    assert "line" in caught.value.problems[0]
    assert row_counts() == before


def test_a_key_given_twice_is_read_as_json_reads_it(tmp_path: Path) -> None:
    doc = minimal_doc()
    first = json.dumps(dict(doc["offerings"][0], title="被后面的取代"), ensure_ascii=False)
    text = json.dumps(doc, ensure_ascii=False)
    path = tmp_path / "twice.json"
    path.write_text(text.replace('"offerings": [', f'"offerings": [{first}], "offerings": [', 1))

    import_file(path)

    assert Offering.objects.get(code="T-O1").title == "长者义诊"


def test_a_streamed_file_holds_little_beyond_its_checked_records() -> None:
    doc = minimal_doc()
    doc["offerings"] = [
        dict(doc["offerings"][0], code=f"T-O{i}", title=f"长者义诊第{i}场", description="义诊" * 40)
        for i in range(1500)
    ]
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")

    def beyond(read: Any) -> int:
        """Memory held at the peak beyond what the checked records hold at the end."""
        tracemalloc.start()
        try:
            valid = validate_document(read(), release=True)
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(valid.offerings) == 1500
        return peak - held

    whole = beyond(lambda: read_json(data))
    streamed = beyond(lambda: JsonStream(io.BytesIO(data), chunk=1 << 12))
    assert streamed < 0.25 * whole


def test_a_file_that_fails_while_read_says_so() -> None:
    class Failing(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(5, "Input/output error")

    with pytest.raises(InterchangeError) as caught:
        _streamed_from(Failing())

    assert caught.value.problems == ["file: cannot be read: Input/output error"]


def test_a_broken_record_is_given_up_on_without_reading_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("interchange.files.LONGEST_VALUE", 1000)
    filler = ", ".join(json.dumps({"code": f"T-O{i}", "title": "长者义诊"}) for i in range(5000))
    data = ('{"offerings": [{"code": "T-O", "title": 长者}, ' + filler + "]}").encode()

    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Counting.read_bytes += len(chunk)
            return chunk

    with pytest.raises(UnstreamableError):
        _streamed_from(Counting(data), chunk=100)
    assert len(data) > 200_000
    assert Counting.read_bytes < 4_000
