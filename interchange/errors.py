"""The one error the interchange raises: a document (or file) that breaks the format."""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import InvalidInputError


class InterchangeError(InvalidInputError):
    """The document is rejected whole; ``problems`` lists every problem as ``path: message``.

    Paths follow the document (``offerings[12].service_area.radius_km``) or, for a
    workbook, the sheet, row and column (``sheet 'offerings', row 14, column 'modes'``).
    """

    code = "invalid_document"

    def __init__(self, problems: Iterable[str]):
        self.problems: list[str] = list(problems)
        count = len(self.problems)
        first = self.problems[0] if self.problems else "invalid document"
        summary = first if count == 1 else f"{count} problems, first: {first}"
        super().__init__(summary, fields={"document": self.problems})
