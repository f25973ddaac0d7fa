"""Residents' small requests (群众点单, 微心愿): posted by a resident (or for her), then
turned into a need or declined by the community.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.errors import ConflictError, has_perm, require
from core.i18n import chinese
from core.problems import (
    UNSTORABLE_MESSAGE,
    Problems,
    reason_text,
)
from core.validators import UNSTORABLE
from matching.engine.quarters import Quarter
from needs.deadlines import stamp
from needs.models import (
    Need,
    Notification,
    ResidentRequest,
)
from needs.services.deadlines import request_answered
from needs.services.notifications import notification_send
from needs.services.posting import NeedData, need_post
from partners.models import Community, ConsentRecord, Role
from partners.selectors import scope_of
from partners.services import (
    Actor,
    check_consent,
    consent_record,
    find_community,
)

# --- Residents' requests (群众点单, 微心愿) -------------------------------------------------

REQUEST_TEXT_MAX = 1000
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{2,30}")


def _resident_named(problems: Problems, username: str, community: Community) -> Any:
    """The user ``username`` holding a resident role in ``community`` (or, for a station,
    in the community above it), else ``None`` after recording the problem."""
    places = [community.pk]
    if community.parent_id is not None and community.level == Community.Level.STATION:
        places.append(community.parent_id)
    role = (
        Role.objects.filter(
            kind=Role.Kind.RESIDENT, community_id__in=places, user__username=username
        )
        .select_related("user")
        .first()
    )
    if role is None:
        problems.add("resident", f"no resident {username!r} lives in {community.code}")
        return None
    return role.user


@transaction.atomic
def request_post(
    *,
    actor: Actor,
    community: str,
    text: str,
    phone: str = "",
    resident: str | None = None,
    consent: bool = False,
    share_phone: bool = False,
    urgent: bool = False,
) -> ResidentRequest:
    """Post a resident's small request in a community (code) or station. With
    ``share_phone`` the resident agrees that the partner serving her may see her phone
    (only that partner, only once the work is handed to it). An ``urgent`` request is
    promised the district's shorter answer time.

    A resident posts in her home community; the request is hers whatever ``resident``
    says. An administrator over the community posts for a resident: ``resident`` is the
    username of a resident living there, or absent when she has no account. ``phone``
    is optional contact data, shown only per :func:`can_see_request_phone`. A resident
    posting herself must have agreed to the request notice (``consent``), which is then
    recorded (``ConsentRecord``); without it nothing is written (``InvalidInputError`` on
    ``consent``). An administrator posting for a resident gives no consent of her own.
    """
    place = find_community(community, levels=Community.NEED_LEVELS)
    administers = has_perm(actor, "partners.administer_community", place)
    require(
        has_perm(actor, "needs.post_request", place),
        "您不能在这个社区点单 / you may not post here",
        "community",
    )
    problems = Problems()
    body = (text or "").strip()
    if UNSTORABLE.search(body):
        problems.add("text", UNSTORABLE_MESSAGE)
    elif not body:
        problems.add("text", "required")
    elif len(body) > REQUEST_TEXT_MAX:
        problems.add("text", f"at most {REQUEST_TEXT_MAX} characters")
    number = (phone or "").strip()
    if number and not _PHONE.fullmatch(number):
        problems.add("phone", "expected digits, spaces, '-' and an optional leading '+'")
    resident_user: Any = None
    if administers and resident:
        resident_user = _resident_named(problems, resident, place)
    elif not administers:
        resident_user = actor
        check_consent(problems, consent)
    problems.raise_if_any()
    posted = ResidentRequest(
        community=place,
        text=body,
        phone=number,
        resident=resident_user,
        created_by_id=scope_of(actor).user_id,
        share_phone=bool(share_phone and number),
        urgent=bool(urgent),
    )
    stamp(posted, start=timezone.now())
    posted.save()
    if not administers:
        consent_record(
            actor=actor, purpose=ConsentRecord.Purpose.RESIDENT_REQUEST, record=f"R{posted.pk}"
        )
    return posted


def _lock_open_request(actor: Actor, request: ResidentRequest) -> ResidentRequest:
    require(
        has_perm(actor, "needs.handle_request", request),
        "只有社区可以处理点单 / only the community handles requests",
    )
    locked = (
        ResidentRequest.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=request.pk)
    )
    if locked.status != ResidentRequest.Status.OPEN:
        label = chinese(ResidentRequest.Status(locked.status).label)
        raise ConflictError(f"点单{label} / the request is {locked.status}")
    return locked


def request_need_defaults(request: ResidentRequest, today: dt.date | None = None) -> NeedData:
    """A need pre-filled from a request: its text, its community, a resident source and
    a window from today to the end of the quarter a month from now."""
    day = today or timezone.localdate()
    first_line = request.text.strip().splitlines()[0] if request.text.strip() else ""
    return NeedData(
        community=request.community.code,
        title=first_line[:30] or "居民点单",
        description=request.text,
        source=Need.Source.RESIDENT,
        status=Need.Status.OPEN,
        window_start=day,
        window_end=Quarter.of(day + dt.timedelta(days=30)).end,
    )


@transaction.atomic
def request_convert(
    *, actor: Actor, request: ResidentRequest, data: NeedData | None = None
) -> Need:
    """Turn an open request into a need, pre-filled by :func:`request_need_defaults`;
    keys in ``data`` override them (category, quantity, window…). The need links back
    to the request, and the resident follows it and rates its service. The resident is
    told. Locks the request row; a request is handled once (``ConflictError`` after)."""
    locked = _lock_open_request(actor, request)
    fields = request_need_defaults(locked)
    fields.update(data or {})
    need = need_post(actor=actor, data=fields)
    need.request = locked
    need.save(update_fields=["request", "updated_at"])
    locked.status = ResidentRequest.Status.CONVERTED
    locked.decided_by_id = scope_of(actor).user_id
    locked.decided_at = timezone.now()
    answered = request_answered(locked, actor=actor, finished=False)
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at", *answered])
    if locked.resident_id is not None:
        notification_send(
            recipient_ids=[locked.resident_id],
            kind=Notification.Kind.REQUEST_ACCEPTED,
            text=f"您的点单已受理，社区正在对接：「{need.title}」",
            request=locked,
        )
    request.status = locked.status
    return need


@transaction.atomic
def request_decline(*, actor: Actor, request: ResidentRequest, reason: str) -> ResidentRequest:
    """The community declines an open request with a reason the resident sees; she is
    told. Locks the request row; a request is handled once."""
    note = reason_text(reason)
    locked = _lock_open_request(actor, request)
    locked.status = ResidentRequest.Status.DECLINED
    locked.reason = note
    locked.decided_by_id = scope_of(actor).user_id
    locked.decided_at = timezone.now()
    answered = request_answered(locked, actor=actor, finished=True)
    locked.save(
        update_fields=["status", "reason", "decided_by", "decided_at", "updated_at", *answered]
    )
    if locked.resident_id is not None:
        notification_send(
            recipient_ids=[locked.resident_id],
            kind=Notification.Kind.REQUEST_DECLINED,
            text=f"您的点单未被采纳：{note}",
            request=locked,
        )
    return locked
