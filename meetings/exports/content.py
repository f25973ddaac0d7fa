"""What a meeting document says, independent of its format.

:func:`build` reads the meeting once and returns a :class:`MeetingDocument`: headed
sections of paragraphs and tables, and the three lists as sheets. Every format renders
this one structure, so Word, PDF, Excel, the calendar invite and the print page cannot
disagree. Contact names and phones are masked here, per viewer, with the same rule as
the meeting page, through the one presenter (``partners.selectors.contact_for``, given
the meeting): the organiser sees the invited partners' contacts, others see them masked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch

from core.i18n import chinese
from matching.presenters import reason_text
from meetings.selectors import agenda_of
from needs.models import AgendaItem, LiaisonMeeting, MeetingAttendee, Project
from partners.models import Partner
from partners.selectors import contact_for

Viewer = AbstractBaseUser | AnonymousUser
Cell = str | int | float | None

AGENDA = "agenda"
MINUTES = "minutes"
_NUMERALS = "一二三四五六七八九十"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    caption: str = ""
    # Column widths in percent. Fixed widths keep long tables readable and let the PDF
    # lay them out without measuring every cell first (several times faster).
    widths: tuple[int, ...] = ()


@dataclass
class Section:
    heading: str
    level: int = 1  # 1 = part of the document, 2 = one agenda item
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class MeetingDocument:
    document: str  # agenda | minutes
    title: str
    meeting_code: str
    meeting_title: str
    community: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    sheets: dict[str, Table]
    item_titles: list[str]

    @property
    def when(self) -> str:
        text = f"{self.date:%Y年%m月%d日}"
        if self.start_time:
            text += f" {self.start_time:%H:%M}"
            if self.end_time:
                text += f"–{self.end_time:%H:%M}"
        return text


def _contact(viewer: Viewer, partner: Partner, meeting: LiaisonMeeting) -> tuple[str, str]:
    contact = contact_for(viewer, partner, meeting=meeting)
    return contact.name, contact.phone


def _numeral(n: int) -> str:
    return _NUMERALS[n - 1] if 1 <= n <= len(_NUMERALS) else str(n)


def _suggestion_rows(item: AgendaItem) -> list[list[Cell]]:
    return [
        [
            s["rank"],
            s["partner_name"],
            s["offering_title"],
            f"{round(100 * s['score'])}/100",
            "；".join(
                f"{reason_text(r)}（+{round(100 * r['share'])}）" for r in s.get("reasons", [])
            ),
        ]
        for s in item.details.get("suggestions", [])
    ]


def _need_line(summary: dict[str, Any]) -> str:
    parts = [f"需求编号 {summary['code']}", f"社区 {summary['community']}"]
    if summary.get("category"):
        parts.append(f"类别 {summary['category']}")
    parts += [
        f"数量 {summary['quantity']}",
        f"优先级 {summary['priority']}",
        f"服务时间 {summary['window']}",
    ]
    return "；".join(parts)


def _project_row(p: Project) -> list[Cell]:
    return [
        p.pk,
        p.need.code,
        p.need.title,
        p.offering.partner.name,
        p.offering.title,
        p.quantity,
        chinese(Project.Status(p.status).label),
        getattr(p, "quarter", "") or "",
    ]


_GAP_HEADERS = ["类别", "需求单位", "可及容量", "缺口"]


def _gaps_table(item: AgendaItem) -> Table:
    """The gaps stored with a ``gaps`` item: a column for the community only when the
    meeting's area holds several."""
    rows = item.details.get("gaps", [])
    figures = [
        [r["category_name"], r["need_units"], r["reachable_capacity"], r["gap"]] for r in rows
    ]
    if len({r["community"] for r in rows}) > 1:
        return Table(
            ["社区", *_GAP_HEADERS],
            [[r["community_name"], *f] for r, f in zip(rows, figures, strict=True)],
            caption="服务缺口",
            widths=(25, 30, 15, 15, 15),
        )
    return Table(_GAP_HEADERS, figures, caption="服务缺口", widths=(40, 20, 20, 20))


@dataclass(frozen=True)
class NewPartnersSummary:
    """The 新合伙人与新资源 item said the way a meeting reads it: counts by kind of
    partner and by category, the partners by name, the offerings grouped by partner; the
    full lists go to an annex."""

    partners: int
    offerings: int
    partner_kinds: list[tuple[str, int]]
    categories: list[tuple[str, int]]
    partner_names: list[str]
    by_partner: list[tuple[str, list[str]]]

    def lines(self) -> list[str]:
        if not self.partners and not self.offerings:
            return ["自上次会议以来没有新加入的合伙人和新增资源。"]
        kinds = "、".join(f"{k} {n} 家" for k, n in self.partner_kinds)
        lines = [f"新加入合伙人 {self.partners} 家" + (f"（{kinds}）" if kinds else "") + "。"]
        if self.partner_names:
            lines.append("新合伙人：" + "、".join(self.partner_names) + "。")
        if self.offerings:
            counts = "、".join(f"{c} {n} 项" for c, n in self.categories)
            lines.append(f"新增资源 {self.offerings} 项，按类别：{counts}。")
            lines.append(
                "按合伙人："
                + "；".join(f"{name}（{'、'.join(titles)}）" for name, titles in self.by_partner)
                + "。"
            )
        return lines


# Beyond this many titles a partner's offerings are counted, not listed, in the summary.
TITLES_SHOWN = 3


def new_partners_summary(details: dict[str, Any]) -> NewPartnersSummary:
    partners = details.get("partners", [])
    offerings = details.get("offerings", [])
    kinds = Counter(p["kind"] for p in partners)
    categories = Counter(o["category"] or "未分类" for o in offerings)
    grouped: dict[str, list[str]] = {}
    for o in offerings:
        grouped.setdefault(o["partner_name"], []).append(o["title"])
    by_partner = [
        (
            name,
            titles[:TITLES_SHOWN]
            + ([f"等 {len(titles)} 项"] if len(titles) > TITLES_SHOWN else []),
        )
        for name, titles in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    return NewPartnersSummary(
        partners=len(partners),
        offerings=len(offerings),
        partner_kinds=kinds.most_common(),
        categories=categories.most_common(),
        partner_names=[p["name"] for p in partners],
        by_partner=by_partner,
    )


def _new_partners_annex(items: list[AgendaItem], number: int) -> Section | None:
    """附件: the full lists of every 新合伙人与新资源 item, as tables."""
    rows = [i for i in items if i.kind == AgendaItem.Kind.NEW_PARTNERS]
    partners = [p for i in rows for p in i.details.get("partners", [])]
    offerings = [o for i in rows for o in i.details.get("offerings", [])]
    if not partners and not offerings:
        return None
    annex = Section(heading=f"附件{number}　新合伙人与新资源清单")
    annex.tables.append(
        Table(
            ["序号", "新合伙人", "类型", "编码"],
            [[n, p["name"], p["kind"], p["code"]] for n, p in enumerate(partners, start=1)],
            caption="新加入的合伙人",
            widths=(8, 52, 20, 20),
        )
    )
    annex.tables.append(
        Table(
            ["序号", "合伙人", "资源", "类别", "每季度容量"],
            [
                [n, o["partner_name"], o["title"], o["category"], o["capacity"]]
                for n, o in enumerate(
                    sorted(offerings, key=lambda o: (o["partner_name"], o["title"])), start=1
                )
            ],
            caption="新增的资源",
            widths=(8, 28, 34, 18, 12),
        )
    )
    return annex


def _advice_texts(item: AgendaItem) -> list[str]:
    return [r["text_zh"] for r in item.details.get("recommendations", [])]


_PROJECT_HEADERS = ["项目编号", "需求编号", "需求", "合伙人", "资源", "数量", "状态", "季度"]


def _item_section(number: int, item: AgendaItem, document: str) -> Section:
    section = Section(heading=f"{number}. {item.title}", level=2)
    section.paragraphs.append(f"类型：{chinese(AgendaItem.Kind(item.kind).label)}")
    summary = item.details.get("need")
    if summary:
        section.paragraphs.append(_need_line(summary))
    if item.body:
        section.paragraphs.append(item.body)
    if item.kind == AgendaItem.Kind.REVIEW:
        rows: list[list[Cell]] = [
            [
                r["need_title"],
                r["partner_name"],
                r["offering_title"],
                r["quantity"],
                r["status_label"],
                r["rating"] if r["rating"] is not None else "",
                r["decline_reason"] or r["comment"],
            ]
            for r in item.details.get("projects", [])
        ]
        section.tables.append(
            Table(
                ["需求", "合伙人", "资源", "数量", "状态", "评分", "评价或婉拒原因"],
                rows,
                widths=(20, 16, 18, 7, 10, 7, 22),
            )
        )
        held = item.details.get("activities") or []
        if held:
            section.tables.append(
                Table(
                    ["合伙人", "举办活动（场）", "签到居民（人）", "活动评分"],
                    [
                        [
                            a["partner_name"],
                            a["held"],
                            a["residents"],
                            a["average_rating"] if a["average_rating"] is not None else "",
                        ]
                        for a in held
                    ],
                    widths=(40, 20, 20, 20),
                )
            )
    elif item.kind in (AgendaItem.Kind.NEED, AgendaItem.Kind.DECISION):
        section.tables.append(
            Table(
                ["推荐", "合伙人", "资源", "匹配得分", "推荐理由"],
                _suggestion_rows(item),
                widths=(6, 18, 20, 10, 46),
            )
        )
    elif item.kind == AgendaItem.Kind.NEW_PARTNERS:
        summary = new_partners_summary(item.details)
        section.paragraphs.extend(summary.lines())
        if summary.partners or summary.offerings:
            section.paragraphs.append("完整清单见附件。")
    elif item.kind == AgendaItem.Kind.UNSERVED:
        section.paragraphs.append("原因：" + "；".join(item.details.get("why", [])))
    elif item.kind == AgendaItem.Kind.GAPS:
        section.paragraphs.extend(f"建议：{text}" for text in _advice_texts(item))
        section.tables.append(_gaps_table(item))
    if document == MINUTES:
        section.paragraphs.append(f"决定：{chinese(AgendaItem.Decision(item.decision).label)}")
        if item.project is not None:
            p = item.project
            section.paragraphs.append(
                f"形成项目 {p.pk}：{p.offering.partner.name}「{p.offering.title}」"
                f"承接，数量 {p.quantity}，状态 {chinese(Project.Status(p.status).label)}"
            )
        if item.minutes:
            section.paragraphs.append(f"记录：{item.minutes}")
    elif item.minutes:
        section.paragraphs.append(f"备注：{item.minutes}")
    return section


def build(*, meeting: LiaisonMeeting, viewer: Viewer, document: str) -> MeetingDocument:
    """The document (``agenda`` or ``minutes``) of a meeting as ``viewer`` may read it."""
    meeting = (
        LiaisonMeeting.objects.select_related("community")
        .prefetch_related(
            Prefetch(
                "attendee_rows",
                queryset=MeetingAttendee.objects.select_related("partner").order_by("position"),
            )
        )
        .get(pk=meeting.pk)
    )
    # The minutes name each project's need too.
    items = list(agenda_of(meeting).select_related("project__need"))
    minutes = document == MINUTES
    attendees = list(meeting.attendee_rows.all())
    facts = [
        ("社区", meeting.community.name),
        ("会议编号", meeting.code),
        ("状态", chinese(LiaisonMeeting.Status(meeting.status).label)),
    ]
    if document == MINUTES:
        facts += [("主持人", meeting.host or "未记录"), ("记录人", meeting.recorder or "未记录")]
    invited_rows: list[list[Cell]] = []
    for n, row in enumerate(attendees, start=1):
        name, phone = _contact(viewer, row.partner, meeting)
        cells: list[Cell] = [
            n,
            row.partner.name,
            chinese(Partner.Kind(row.partner.kind).label),
            name,
            phone,
        ]
        if minutes:
            cells.append({True: "出席", False: "缺席"}.get(row.present, "未记录"))  # type: ignore[arg-type]
        invited_rows.append(cells)
    invited_headers = ["序号", "参会单位", "类型", "联系人", "联系电话"] + (
        ["出席"] if minutes else []
    )

    sections: list[Section] = []
    part = 1
    intro = Section(heading=f"{_numeral(part)}、{'出席情况' if minutes else '参会单位'}")
    if minutes:
        came = sum(1 for r in attendees if r.present)
        intro.paragraphs.append(f"应到 {len(attendees)} 家，实到 {came} 家。")
    widths = (6, 30, 14, 18, 20, 12) if minutes else (6, 34, 15, 20, 25)
    intro.tables.append(Table(invited_headers, invited_rows, widths=widths))
    sections.append(intro)
    part += 1
    sections.append(Section(heading=f"{_numeral(part)}、{'议定事项' if minutes else '会议议程'}"))
    if not items:
        sections[-1].paragraphs.append("议程尚未生成。")
    for n, item in enumerate(items, start=1):
        sections.append(_item_section(n, item, document))

    projects = [i.project for i in items if i.project is not None]
    if minutes:
        part += 1
        outcome = Section(heading=f"{_numeral(part)}、形成的项目")
        outcome.paragraphs.append(f"本次会议形成项目 {len(projects)} 个。")
        outcome.tables.append(
            Table(
                _PROJECT_HEADERS,
                [_project_row(p) for p in projects],
                widths=(9, 13, 22, 17, 17, 6, 9, 7),
            )
        )
        raised = [i for i in items if i.kind == AgendaItem.Kind.RAISED and i.need is not None]
        outcome.tables.append(
            Table(
                ["需求编号", "会上新提需求", "数量"],
                [[i.need.code, i.need.title, i.need.quantity] for i in raised if i.need],
                caption="会上新提需求",
                widths=(20, 65, 15),
            )
        )
        sections.append(outcome)
        if meeting.minutes_summary:
            part += 1
            sections.append(
                Section(heading=f"{_numeral(part)}、会议小结", paragraphs=[meeting.minutes_summary])
            )

    annex = _new_partners_annex(items, 1)
    if annex is not None:
        sections.append(annex)

    sheets = _sheets(meeting, items, attendees, viewer, projects, minutes)
    label = "会议纪要" if minutes else "会议议程"
    return MeetingDocument(
        document=document,
        title=f"{meeting.title} {label}",
        meeting_code=meeting.code,
        meeting_title=meeting.title,
        community=meeting.community.name,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        place=meeting.place,
        facts=facts,
        sections=sections,
        sheets=sheets,
        item_titles=[i.title for i in items],
    )


def _sheets(
    meeting: LiaisonMeeting,
    items: list[AgendaItem],
    attendees: list[MeetingAttendee],
    viewer: Viewer,
    projects: list[Project],
    minutes: bool,
) -> dict[str, Table]:
    """The three lists as the meeting sees them: its needs, the offerings and partners
    in play, and the projects (last quarter's and, in the minutes, the new ones); with a
    gaps item, also its gaps and recommendations."""
    need_rows: list[list[Cell]] = []
    offering_rows: list[list[Cell]] = []
    project_rows: list[list[Cell]] = []
    for item in items:
        summary = item.details.get("need")
        if summary:
            top = item.details.get("suggestions", [])
            need_rows.append(
                [
                    summary["code"],
                    summary["title"],
                    summary["community"],
                    summary["category"],
                    summary["quantity"],
                    summary["priority"],
                    summary["window"],
                    chinese(AgendaItem.Kind(item.kind).label),
                    "、".join(s["partner_name"] for s in top),
                    chinese(AgendaItem.Decision(item.decision).label),
                ]
            )
        for s in item.details.get("suggestions", []):
            offering_rows.append(
                [
                    s["partner_name"],
                    s["offering_title"],
                    f"推荐第{s['rank']}位",
                    summary["code"] if summary else "",
                    s.get("capacity"),
                    s["partner"],
                    s["offering"],
                ]
            )
        for o in item.details.get("offerings", []):
            offering_rows.append(
                [
                    o["partner_name"],
                    o["title"],
                    "新增资源",
                    "",
                    o["capacity"],
                    o["partner"],
                    o["code"],
                ]
            )
        for r in item.details.get("projects", []):
            project_rows.append(
                [
                    "",
                    r["need"],
                    r["need_title"],
                    r["partner_name"],
                    r["offering_title"],
                    r["quantity"],
                    r["status_label"],
                    "上季度",
                ]
            )
    gaps = [item for item in items if item.kind == AgendaItem.Kind.GAPS]
    if minutes:
        for p in projects:
            row = _project_row(p)
            row[-1] = f"本次会议（{row[-1]}）" if row[-1] else "本次会议"
            project_rows.append(row)
    partner_rows: list[list[Cell]] = []
    for attendee in attendees:
        partner = attendee.partner
        name, phone = _contact(viewer, partner, meeting)
        partner_rows.append(
            [partner.code, partner.name, chinese(Partner.Kind(partner.kind).label), name, phone]
        )
    sheets = {
        "需求清单": Table(
            [
                "需求编号",
                "需求",
                "社区",
                "类别",
                "数量",
                "优先级",
                "服务时间",
                "议程类型",
                "推荐合伙人",
                "决定",
            ],
            need_rows,
        ),
        "资源清单": Table(
            ["合伙人", "资源", "在议程中", "需求编号", "每季度容量", "合伙人编码", "资源编码"],
            offering_rows,
        ),
        "参会合伙人": Table(["合伙人编码", "合伙人", "类型", "联系人", "联系电话"], partner_rows),
        "项目清单": Table(_PROJECT_HEADERS, project_rows),
    }
    annex = _new_partners_annex(items, 1)
    if annex is not None:
        for table in annex.tables:
            sheets[table.caption or "附件"] = table
    # Only agendas with the item get its sheets: a workbook without gaps stays as it was.
    for item in gaps:
        sheets["服务缺口"] = _gaps_table(item)
        sheets["建议"] = Table(["建议"], [[text] for text in _advice_texts(item)])
    return sheets
