"""Facts kept as JSON lines in a byte array, each decoded only when it is used; codes
counted at once and listed only when asked (:class:`Listed`).

An index opened from a snapshot holds its offerings' and partners' facts this way: the
bytes stay in the memory-mapped file (shared by every process that opens it), and a
process decodes only the offerings it explains a match or an exclusion for, and the
partners that change. Decoded rows are cached, a bounded number of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt

T = TypeVar("T")
IntArray = npt.NDArray[np.int64]
# Decoded rows a sequence keeps; a district's explained offerings all fit.
DECODED_CACHE = 50_000


def encode_lines(rows: Sequence[list[Any]]) -> tuple[npt.NDArray[np.uint8], IntArray]:
    """``rows`` (JSON-serialisable lists) as one byte array of JSON lines and the
    offsets where each begins (one more offset than rows: the end)."""
    lines = [json.dumps(row, ensure_ascii=False).encode("utf-8") for row in rows]
    offsets = np.zeros(len(lines) + 1, dtype=np.int64)
    if lines:
        np.cumsum([len(line) for line in lines], out=offsets[1:])
    blob = np.frombuffer(b"".join(lines), dtype=np.uint8)
    return blob, offsets


class LazyRows(Sequence[T], Generic[T]):
    """A read-only sequence of ``T`` whose rows are JSON lines in ``blob`` (row ``k``
    spans ``offsets[k]:offsets[k+1]``), turned into ``T`` by ``decode`` on first use.

    :meth:`select` gives the sequence of some of these rows followed by others already
    decoded, and :meth:`replaced` the sequence with some rows given anew, without
    decoding anything: how an index takes an update.
    """

    __slots__ = ("_blob", "_cache", "_decode", "_extra", "_offsets", "_overrides", "_rows")

    def __init__(
        self,
        blob: npt.NDArray[np.uint8],
        offsets: IntArray,
        decode: Callable[[list[Any]], T],
        *,
        rows: IntArray | None = None,
        extra: Sequence[T] = (),
        overrides: Mapping[int, T] | None = None,
    ) -> None:
        self._blob = blob
        self._offsets = offsets
        self._decode = decode
        self._rows = rows
        self._extra = tuple(extra)
        # Rows given anew, by position.
        self._overrides: dict[int, T] = dict(overrides or {})
        self._cache: dict[int, T] = {}

    def _stored(self) -> int:
        return len(self._offsets) - 1 if self._rows is None else len(self._rows)

    def __len__(self) -> int:
        return self._stored() + len(self._extra)

    def _row(self, i: int) -> T:
        if self._overrides:
            given = self._overrides.get(i)
            if given is not None:
                return given
        stored = self._stored()
        if i >= stored:
            return self._extra[i - stored]
        k = i if self._rows is None else int(self._rows[i])
        found = self._cache.get(k)
        if found is None:
            begin, end = int(self._offsets[k]), int(self._offsets[k + 1])
            found = self._decode(json.loads(self._blob[begin:end].tobytes()))
            if len(self._cache) >= DECODED_CACHE:
                self._cache.clear()
            self._cache[k] = found
        return found

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...

    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        if isinstance(i, slice):
            return tuple(self._row(k) for k in range(*i.indices(len(self))))
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        return self._row(i % n)

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self._row(i)

    def select(self, kept: IntArray, extra: Sequence[T]) -> LazyRows[T]:
        """Rows ``kept`` of this sequence (positions, ascending), then ``extra``."""
        kept = np.asarray(kept, dtype=np.int64)
        stored = self._stored()
        inside = kept[kept < stored]
        beyond = [self._extra[int(i) - stored] for i in kept[kept >= stored]]
        base = inside if self._rows is None else self._rows[inside]
        overrides: dict[int, T] = {}
        if self._overrides and kept.size:
            # Rows given anew keep their place among those kept.
            old = np.fromiter(self._overrides, dtype=np.int64, count=len(self._overrides))
            at = np.searchsorted(kept, old)
            found = (at < kept.size) & (kept[np.minimum(at, kept.size - 1)] == old)
            overrides = {
                int(new): self._overrides[int(i)]
                for i, new in zip(old[found].tolist(), at[found].tolist(), strict=True)
            }
        # Rows of the earlier extra kept follow the stored ones, as before.
        return LazyRows(
            self._blob,
            self._offsets,
            self._decode,
            rows=base,
            extra=(*beyond, *extra),
            overrides=overrides,
        )

    def replaced(self, rows: Mapping[int, T]) -> LazyRows[T]:
        """This sequence with the rows at these positions given anew."""
        return LazyRows(
            self._blob,
            self._offsets,
            self._decode,
            rows=self._rows,
            extra=self._extra,
            overrides={**self._overrides, **rows},
        )


class Listed(Sequence[str]):
    """Codes counted at once and listed by ``fetch`` when first asked: an area's cells
    and partners reach millions of offerings and communities between them, and most
    answers only count them."""

    __slots__ = ("_count", "_fetch", "_items")

    def __init__(self, count: int, fetch: Callable[[], tuple[str, ...]]) -> None:
        self._count = count
        self._fetch = fetch
        self._items: tuple[str, ...] | None = None

    def _codes(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = self._fetch()
        return self._items

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._codes()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes())

    def __contains__(self, code: object) -> bool:
        return code in self._codes()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._codes() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._codes())

    def __repr__(self) -> str:
        return repr(self._codes())
