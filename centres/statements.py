"""A partner's contribution statement (服务贡献证明), as PDF and Word, for an enterprise to
put in its social-responsibility report. Issued in the name of the partner's home
community, it carries no resident's name, phone or address: counts, the needs served
(their titles) and the activities held.

The PDF is the print page WeasyPrint renders with the Noto CJK fonts (fonts-noto-cjk);
the Word document names its Chinese fonts on every style, as the meeting documents do.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from centres.contributions import Contribution
from core.wordfonts import set_fonts

FORMATS = ("pdf", "docx")


def summary_rows(c: Contribution) -> list[tuple[str, str]]:
    return [
        ("完成对接项目", f"{c.projects_delivered} 个"),
        ("举办活动", f"{c.activities_held} 场"),
        ("服务时长", f"{c.hours} 小时"),
        ("服务居民（活动签到，按人计）", f"{c.residents_served} 人"),
        ("项目服务人次", f"{c.people_served} 人次"),
        (
            "社区与居民评价",
            f"平均 {c.average_rating} 分（{c.ratings} 条）" if c.ratings else "暂无",
        ),
    ]


def _context(c: Contribution) -> dict[str, object]:
    issuer = c.partner.community
    return {
        "c": c,
        "issuer": issuer,
        "rows": summary_rows(c),
        "issued_on": timezone.localdate(),
        "projects": [(p.need.title, p.need.community.name) for p in c.projects],
    }


def render_pdf(c: Contribution) -> bytes:
    from weasyprint import HTML

    html = render_to_string("centres/statement.html", _context(c))
    pdf = HTML(string=html).write_pdf()
    return bytes(pdf or b"")


def render_docx(c: Contribution) -> bytes:
    document = Document()
    styles = document.styles
    set_fonts(styles["Normal"], "仿宋")
    styles["Normal"].font.size = Pt(14)
    for name in ("Title", "Heading 1"):
        set_fonts(styles[name], "黑体")
        styles[name].font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(styles["Table Grid"], "宋体")
    title = document.add_paragraph("近邻合伙人服务贡献证明", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"兹证明{c.partner.name}（{c.partner.get_kind_display()}）于{c.period.label}"
        f"（{c.period.start:%Y年%m月%d日}至{c.period.end:%Y年%m月%d日}）作为近邻合伙人"
        "参与社区服务，情况如下："
    )
    table = document.add_table(rows=0, cols=2, style="Table Grid")
    for label, value in summary_rows(c):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    if c.projects:
        document.add_heading("承接的社区需求", level=1)
        for project in c.projects:
            document.add_paragraph(
                f"{project.need.title}（{project.need.community.name}）", style="List Bullet"
            )
    if c.activities:
        document.add_heading("举办的活动", level=1)
        for activity, came in c.activities:
            document.add_paragraph(
                f"{timezone.localtime(activity.start):%m月%d日} {activity.title}，{came} 人签到",
                style="List Bullet",
            )
    document.add_paragraph("")
    signed = document.add_paragraph(
        f"{c.partner.community.name}（盖章）\n{timezone.localdate():%Y年%m月%d日}"
    )
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
