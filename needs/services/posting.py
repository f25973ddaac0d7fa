"""Posting, changing and removing needs: by a community's administrators, or by a
resident in her own community (群众点单).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from core.errors import ConflictError, has_perm, require
from core.problems import (
    Problems,
    check_code_unchanged,
    check_date,
    check_new_code,
    check_text_length,
    clean_tags,
)
from core.tasks import enqueue_on_commit
from needs.deadlines import stamp
from needs.models import (
    Need,
)
from needs.rules import is_resident_poster
from needs.selectors import meetings_visible_to
from needs.services.deadlines import take_first_responsibility
from partners.models import Community, ConsentRecord, DeliveryMode
from partners.services import (
    Actor,
    apply_standard_fields,
    check_consent,
    consent_record,
    find_community,
)

# --- Needs --------------------------------------------------------------------------------

# Statuses an administrator may set by hand; the others follow the projects' lifecycle.
SETTABLE_NEED_STATUSES = (Need.Status.DRAFT, Need.Status.OPEN, Need.Status.CANCELLED)


class NeedData(TypedDict, total=False):
    """Need fields as the interchange format names them; references are codes. The window
    arrives flattened as ``window_start`` / ``window_end``."""

    code: str
    community: str
    title: str
    description: str
    category: str | None
    tags: list[str]
    beneficiaries: list[str]
    quantity: int
    modes: list[str]
    window_start: dt.date
    window_end: dt.date
    preferred_slots: list[dict[str, Any]]
    priority: str
    source: str
    meeting: str | None
    status: str
    address: str


_NEED_PLAIN: tuple[str, ...] = ("title", "description", "beneficiaries", "quantity", "modes")
_NEED_PLAIN += ("window_start", "window_end", "preferred_slots", "priority", "source", "status")
_NEED_PLAIN += ("address",)


def _apply_need(problems: Problems, actor: Actor, need: Need, data: NeedData) -> None:
    for key in _NEED_PLAIN:
        if key in data:
            setattr(need, key, data[key])  # type: ignore[literal-required]
    apply_standard_fields(problems, need, data, slots="preferred_slots")
    if "meeting" in data:
        code = data["meeting"]
        # Resolved among the meetings the actor sees: others answer "unknown", never
        # "not yours", so codes outside one's scope do not leak.
        meeting = meetings_visible_to(actor).filter(code=code).first() if code else None
        if code and meeting is None:
            problems.add("meeting", f"unknown meeting code {code!r}")
        need.meeting = meeting
    if not need.title.strip():
        problems.add("title", "required")
    check_text_length(problems, "description", need.description)
    if len(need.address) > 200:
        problems.add("address", "at most 200 characters")
    if need.quantity is None or need.quantity < 1:
        problems.add("quantity", "must be 1 or more")
    if need.priority not in Need.Priority.values:
        problems.add("priority", f"unknown priority {need.priority!r}")
    if need.source not in Need.Source.values:
        problems.add("source", f"unknown source {need.source!r}")
    if need.window_start is None:
        problems.add("window.start", "required")
    if need.window_end is None:
        problems.add("window.end", "required")
    check_date(problems, "window.start", need.window_start)
    check_date(problems, "window.end", need.window_end)
    if need.window_start and need.window_end and need.window_end < need.window_start:
        problems.add("window.end", "must not be before the start")


@transaction.atomic
def need_post(*, actor: Actor, data: NeedData, consent: bool = False) -> Need:
    """Post a need in a community or station.

    An administrator over the community may post with any source (``meeting`` when a
    meeting is named and no source given, else ``survey``) and status draft or open. A
    resident posts only in her home community: the need's source is ``resident`` and its
    status ``open`` whatever she sends, and she must have ticked the request notice
    (``consent``; refused on ``consent`` otherwise), which is recorded
    (``ConsentRecord``). Either way ``created_by`` is the actor. Without ``modes`` every
    delivery mode is acceptable.
    """
    community = find_community(data.get("community"), levels=Community.NEED_LEVELS)
    require(
        has_perm(actor, "needs.post_need", community), "you may not post needs here", "community"
    )
    problems = Problems()
    code = check_new_code(problems, Need, data.get("code"), "N")
    tags = clean_tags(problems, data.get("tags", []))
    need = Need(code=code, community=community, created_by_id=actor.pk)
    if "modes" not in data:
        need.modes = list(DeliveryMode.objects.values_list("code", flat=True))
    _apply_need(problems, actor, need, data)
    # Who she posts as, not whether she may: a classification, asked of the rule module
    # directly (has_perm would say yes to a superuser for any permission).
    as_resident = is_resident_poster(actor, community)
    if as_resident:
        check_consent(problems, consent)
        need.source = Need.Source.RESIDENT
        need.status = Need.Status.OPEN
    else:
        if "source" not in data:
            need.source = Need.Source.MEETING if need.meeting else Need.Source.SURVEY
        if need.status not in (Need.Status.DRAFT, Need.Status.OPEN):
            problems.add("status", "a new need is draft or open")
    problems.raise_if_any()
    if need.status == Need.Status.OPEN:
        stamp(need, start=timezone.now())
    if not as_resident:
        take_first_responsibility(need, actor)
    need.save()
    need.tags.set(tags)
    if need.category_id is not None and has_perm(actor, "partners.administer_community", community):
        _learn_category(actor, need)
    if as_resident:
        consent_record(
            actor=actor, purpose=ConsentRecord.Purpose.RESIDENT_REQUEST, record=need.code
        )
    return need


@transaction.atomic
def need_update(*, actor: Actor, need: Need, data: NeedData) -> Need:
    """Change a need; keys absent from ``data`` keep their value.

    Administrators over its community may change anything but the code, and set the
    status to draft, open or cancelled (the other statuses follow its projects). The
    resident who posted it may change what she wrote while it is open, but not its
    community, source or status; once it is being matched she gets ``ConflictError``.
    """
    require(has_perm(actor, "needs.edit_need", need), "you may not change this need")
    administers = has_perm(actor, "partners.administer_community", need.community_id)
    if not administers:
        if need.status != Need.Status.OPEN:
            raise ConflictError("this request is no longer open; ask the community")
        for key in ("source", "status"):
            if key in data and data[key] != getattr(need, key):
                require(False, f"only the community changes the {key}", key)
    problems = Problems()
    check_code_unchanged(problems, data, need.code)
    if "community" in data and data["community"] != need.community.code:
        community = find_community(data["community"], levels=Community.NEED_LEVELS)
        allowed = (
            has_perm(actor, "partners.administer_community", community) if administers else False
        )
        require(allowed, "you may not move this need there", "community")
        need.community = community
    status_changes = "status" in data and data["status"] != need.status
    if status_changes and data["status"] not in SETTABLE_NEED_STATUSES:
        problems.add("status", "set by its projects, not by hand")
    tags = clean_tags(problems, data["tags"]) if "tags" in data else None
    read_before = (need.category_id, need.title, need.description)
    published = need.status == Need.Status.DRAFT
    _apply_need(problems, actor, need, data)
    problems.raise_if_any()
    if published and need.status == Need.Status.OPEN and need.respond_by is None:
        # A draft published: the promised times count from now.
        stamp(need, start=timezone.now())
    need.save()
    if tags is not None:
        need.tags.set(tags)
    chosen = (need.category_id, need.title, need.description) != read_before
    if chosen and need.category_id is not None and administers:
        _learn_category(actor, need)
    return need


def _learn_category(actor: Actor, need: Need) -> None:
    """Once committed, the need's district learns from the category its administrator
    chose for its text (a worker reads the text; saving the need stays one write)."""
    enqueue_on_commit("matching.tasks.learn_from_category", need.pk, actor.pk)


@transaction.atomic
def need_delete(*, actor: Actor, need: Need) -> None:
    """Remove a need. Refused with ``ConflictError`` once a project serves it."""
    require(has_perm(actor, "needs.remove_need", need), "you may not remove this need")
    try:
        need.delete()
    except ProtectedError as exc:
        raise ConflictError("this need has projects; cancel it instead") from exc
