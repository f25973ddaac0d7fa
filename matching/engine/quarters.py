"""Quarters (``2026Q4``): the period an offering's capacity and a liaison meeting cover."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_QUARTER = re.compile(r"(\d{4})Q([1-4])")
# The years a quarter may name. Plans, reports and capacities are about the present give
# or take a lifetime; a year outside would overflow date arithmetic at its edges (9999Q4
# has no next quarter) or lose its digits when written back (0001Q1 as "1Q1").
FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2026Q4"`` → ``Quarter(2026, 4)``; raises ``ValueError`` naming the text when
        it is not a quarter or its year is outside ``FIRST_YEAR``..``LAST_YEAR``."""
        match = _QUARTER.fullmatch(text.strip().upper())
        if match is None:
            raise ValueError(f"expected a quarter like 2026Q4, got {text!r}")
        year = int(match[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(
                f"a quarter's year is from {FIRST_YEAR} to {LAST_YEAR}, got {text.strip()!r}"
            )
        return cls(year, int(match[2]))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"
