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
