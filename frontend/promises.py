"""限时办结 as the pages show it: a need's or request's promised times in plain words,
who is responsible, and the hand-over form, from the same selectors the API reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowedError, has_perm
from core.workdays import calendar_known, workdays_between
from frontend.views.projects import friendly
from needs.models import Need, ResidentRequest
from needs.selectors import community_staff, request_overdue
from needs.services.deadlines import responsibility_hand_over


def _when(deadline: dt.datetime | None, kept_at: dt.datetime | None) -> dict[str, Any] | None:
    """One promised time: its day, and whether it was kept, is late or how many
    working days are left."""
    if deadline is None:
        return None
    local = timezone.localtime(deadline)
    row: dict[str, Any] = {"at": local, "provisional": not calendar_known(local.date())}
    now = timezone.now()
    if kept_at is not None:
        row["state"] = "kept" if kept_at <= deadline else "late-kept"
        row["words"] = _("按时完成") if kept_at <= deadline else _("超时完成")
    elif deadline < now:
        row["state"] = "late"
        row["words"] = _("已超时")
    else:
        left = workdays_between(timezone.localdate(), local.date())
        row["state"] = "soon" if left <= 1 else "open"
        row["words"] = _("今天到期") if left == 0 else _("还剩 %(n)d 个工作日") % {"n": left}
    return row


def promise_context(item: Need | ResidentRequest, user: Any) -> dict[str, Any]:
    """What the promise box of ``item`` shows to ``user``."""
    administers = has_perm(user, "partners.administer_community", item.community_id)
    overdue = item.overdue if isinstance(item, Need) else request_overdue(item)
    return {
        "respond": _when(item.respond_by, item.responded_at),
        "complete": _when(item.complete_by, item.completed_at),
        "responsible": item.responsible,
        "overdue": overdue,
        "escalated_at": item.escalated_at,
        "handovers": list(item.handovers.select_related("from_user", "to_user")),
        "staff": (
            [u for u in community_staff(item.community) if u.pk != item.responsible_id]
            if administers
            else []
        ),
        "is_need": isinstance(item, Need),
    }


def hand_over(request: HttpRequest, item: Need | ResidentRequest) -> None:
    """Hand ``item`` over as the form asks; the outcome comes back as a message."""
    try:
        handover = responsibility_hand_over(
            actor=request.user,
            item=item,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
    except NotAllowedError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, friendly(exc))
    else:
        person = handover.to_user
        name = (person.get_full_name() or person.get_username()) if person else ""
        messages.success(request, _("已移交给 %(name)s。") % {"name": name})
