"""The print page (HTML with print CSS) and the PDF WeasyPrint makes of it.

The page names the Noto CJK fonts Debian installs (fonts-noto-cjk) by family, and says
``lang="zh-CN"`` so the Simplified Chinese glyphs are chosen; WeasyPrint embeds the
subset it uses, so the PDF reads the same on a machine without the fonts.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from meetings.exports.content import MeetingDocument


def render_html(doc: MeetingDocument, *, for_pdf: bool = False) -> bytes:
    html = render_to_string("meetings/exports/meeting.html", {"doc": doc, "for_pdf": for_pdf})
    return html.encode("utf-8")


def render_pdf(doc: MeetingDocument) -> bytes:
    from weasyprint import HTML

    html = render_html(doc, for_pdf=True).decode("utf-8")
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf returns bytes when no target is given
    return bytes(pdf)
