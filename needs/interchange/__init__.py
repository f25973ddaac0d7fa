"""Bulk interchange in the ``jinlin-interchange/1`` format (``docs/interchange.md``).

- :func:`import_document` validates a parsed document whole and upserts it by ``code``;
- :func:`export_document` writes the region, or one community's subtree, back out;
- :func:`read_workbook` / :func:`write_workbook` convert between a document and an
  Excel workbook a district clerk can fill in; :func:`import_workbook` imports one with
  problems named by sheet, row and column;
- :func:`import_file` imports a ``.json`` or ``.xlsx`` file.

Every rejection is an :class:`InterchangeError` whose ``problems`` list every problem
as ``path: message``.
"""

from needs.interchange.errors import InterchangeError
from needs.interchange.exporter import export_document
from needs.interchange.files import import_file, read_json
from needs.interchange.importer import ImportReport, KindCounts, import_document
from needs.interchange.schema import FORMAT, KINDS
from needs.interchange.workbook import import_workbook, read_workbook, write_workbook

__all__ = [
    "FORMAT",
    "KINDS",
    "ImportReport",
    "InterchangeError",
    "KindCounts",
    "export_document",
    "import_document",
    "import_file",
    "import_workbook",
    "read_json",
    "read_workbook",
    "write_workbook",
]
