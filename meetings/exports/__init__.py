"""Meeting documents (agenda and minutes) in five formats, built from one content model
(:mod:`meetings.exports.content`): Word, PDF, Excel, an iCalendar invite and a print page."""

from __future__ import annotations

from collections.abc import Callable

from meetings.exports.content import Viewer, build
from needs.models import LiaisonMeeting

FORMATS = ("docx", "pdf", "xlsx", "ics", "html")
DOCUMENTS = ("agenda", "minutes")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def _renderer(fmt: str) -> Callable[..., bytes]:
    # Imported on demand: WeasyPrint and python-docx are heavy, and a request for one
    # format need not load the others.
    if fmt == "docx":
        from meetings.exports.word import render_docx

        return render_docx
    if fmt == "pdf":
        from meetings.exports.printed import render_pdf

        return render_pdf
    if fmt == "html":
        from meetings.exports.printed import render_html

        return render_html
    if fmt == "xlsx":
        from meetings.exports.sheets import render_xlsx

        return render_xlsx
    if fmt == "ics":
        from meetings.exports.invite import render_ics

        return render_ics
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render(*, meeting: LiaisonMeeting, viewer: Viewer, document: str, fmt: str) -> bytes:
    """The meeting's ``document`` (agenda or minutes) in ``fmt`` as ``viewer`` may read it."""
    if document not in DOCUMENTS:
        raise ValueError(f"unknown document {document!r}; expected agenda or minutes")
    renderer = _renderer(fmt)
    return renderer(build(meeting=meeting, viewer=viewer, document=document))
