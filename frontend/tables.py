"""The lists as tables to download (Excel or CSV): the needs list, the project board and
the partner directory, row for row what the filtered page selects. Cells are written
through ``core.spreadsheets.table_download``, which keeps formulas from running."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.spreadsheets import TABLE_FORMATS, table_download
from needs.models import Need, Project
from partners.models import Partner
from partners.selectors import contact_for

YES, NO = "是", "否"

# Residents' phones never leave in a download: a need carries none, and the request it
# may come from is not read here.
NEED_HEADERS = (
    "编码",
    "需求",
    "社区",
    "服务类别",
    "数量",
    "开始日期",
    "截止日期",
    "优先级",
    "来源",
    "状态",
    "已逾期",
)

PROJECT_HEADERS = (
    "需求编码",
    "需求",
    "社区",
    "资源",
    "合伙人",
    "数量",
    "季度",
    "状态",
    "开始日期",
    "截止日期",
    "创建时间",
    "更新时间",
)

PARTNER_HEADERS = (
    "编码",
    "名称",
    "类型",
    "所属社区",
    "状态",
    "联系人",
    "联系电话",
    "服务数",
    "服务",
)


def requested_format(request: HttpRequest) -> str | None:
    """``xlsx`` or ``csv`` when the list is asked for as a file (``?format=``)."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in TABLE_FORMATS else None


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def need_rows(needs: Iterable[Need]) -> Iterator[list[Any]]:
    """One row per need; needs come with ``community`` and ``category`` joined."""
    for need in needs:
        yield [
            need.code,
            need.title,
            need.community.name,
            need.category.name_zh if need.category else "",
            need.quantity,
            need.window_start,
            need.window_end,
            need.get_priority_display(),
            need.get_source_display(),
            need.get_status_display(),
            YES if need.overdue else NO,
        ]


def project_rows(projects: Iterable[Project]) -> Iterator[list[Any]]:
    """One row per project; the dates are the need's window, then the project's own."""
    for p in projects:
        yield [
            p.need.code,
            p.need.title,
            p.need.community.name,
            p.offering.title,
            p.offering.partner.name,
            p.quantity,
            p.quarter,
            p.get_status_display(),
            p.need.window_start,
            p.need.window_end,
            _local(p.created_at),
            _local(p.updated_at),
        ]


def partner_rows(
    viewer: AbstractBaseUser | AnonymousUser, partners: Iterable[Partner]
) -> Iterator[list[Any]]:
    """One row per partner, the contact as ``contact_for`` shows it to ``viewer`` (masked
    for those not entitled, as on the partner's page); partners come with ``community``
    joined, ``offering_count`` annotated and ``offerings`` prefetched."""
    for p in partners:
        contact = contact_for(viewer, p)
        yield [
            p.code,
            p.name,
            p.get_kind_display(),
            p.community.name,
            p.get_status_display(),
            contact.name,
            contact.phone,
            p.offering_count,  # type: ignore[attr-defined]
            "；".join(o.title for o in p.offerings.all()),
        ]


def download(
    fmt: str, *, headers: tuple[str, ...], rows: Iterable[list[Any]], name: str
) -> HttpResponse:
    """The table as ``name-<today>.<fmt>``."""
    today = timezone.localdate().isoformat()
    return table_download(headers=headers, rows=rows, filename=f"{name}-{today}", fmt=fmt)


def need_download(fmt: str, needs: QuerySet[Need]) -> HttpResponse:
    return download(fmt, headers=NEED_HEADERS, rows=need_rows(needs), name="needs")


def project_download(fmt: str, projects: QuerySet[Project]) -> HttpResponse:
    return download(fmt, headers=PROJECT_HEADERS, rows=project_rows(projects), name="projects")


def partner_download(
    fmt: str, viewer: AbstractBaseUser | AnonymousUser, partners: QuerySet[Partner]
) -> HttpResponse:
    return download(
        fmt, headers=PARTNER_HEADERS, rows=partner_rows(viewer, partners), name="partners"
    )
