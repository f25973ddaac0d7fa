"""Learning from use: what a district's people confirm about texts becomes evidence the
engine reads with, in that district only.

- A secretary saving a need with a category: *confirmed* when the engine read that
  category first, *corrected* otherwise (the stronger evidence: the engine was wrong).
- A partner accepting dispatched work: the need's text is of the offering's category.
- A partner declining it as not its kind of service: evidence *against* the offering's
  category for such texts.
- A rating of 4 or 5: the pairing was right, stronger than an accept.

Each is one :class:`~matching.models.ReadingExample` row and one change of the index
log, so every process's index takes it in at its next read. An administrator of the
district may deactivate an example; the readings are then as if it had never been.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from changes.log import record_change
from core.errors import has_perm, require
from matching.index import current_index
from matching.models import ReadingExample
from needs.models import Need, Project
from partners.models import Community

# Evidence strength of each source: a correction says more than a confirmation of what
# the engine already read; a good rating more than an accept; a decline as not the
# partner's kind of service counts against the offering's category.
WEIGHTS: dict[str, float] = {
    ReadingExample.Source.CONFIRMED: 0.5,
    ReadingExample.Source.CORRECTED: 1.0,
    ReadingExample.Source.ACCEPTED: 1.0,
    ReadingExample.Source.RATED: 1.5,
    ReadingExample.Source.DECLINED: -1.0,
}
# Ratings at least this good teach that the pairing's category was right.
GOOD_RATING = 4
_SECRETARY_SOURCES = (ReadingExample.Source.CONFIRMED, ReadingExample.Source.CORRECTED)


def need_text(need: Need) -> str:
    """The text a need is read from: its title and description."""
    return "\n".join(part for part in (need.title.strip(), need.description.strip()) if part)


def district_of(community: Community) -> Community | None:
    """The district a community lies in (itself when it is one)."""
    node: Community | None = community
    while node is not None and node.level != Community.Level.DISTRICT:
        node = node.parent
    return node


def reading_example_record(
    *,
    need: Need,
    category: str,
    source: str,
    actor_id: int | None = None,
    project: Project | None = None,
    announce: bool = True,
) -> ReadingExample | None:
    """Record that ``need``'s text is (or, for a decline, is not) of ``category`` in its
    district, and (with ``announce``) tell the index; ``None`` when the need has no text
    or no district. Call it inside the transaction of the event it learns from; a caller
    that records its own change passes ``announce=False`` and ``examples=True`` to
    :func:`~matching.services.record_change`."""
    text = need_text(need)
    district = district_of(need.community)
    if not text or district is None:
        return None
    with transaction.atomic(savepoint=False):
        example = ReadingExample.objects.create(
            district=district,
            text=text,
            category_id=category,
            weight=WEIGHTS[source],
            source=source,
            need=need,
            project=project,
            created_by_id=actor_id,
        )
        if announce:
            record_change(examples=True)
    return example


def reading_learn_from_category(*, need_id: int, actor_id: int | None) -> ReadingExample | None:
    """Learn from a secretary's choice of ``need``'s category: confirmed when the engine
    reads the need's text as that category first (in its district), corrected otherwise.
    The need's earlier confirmations or corrections are replaced by this one. Nothing is
    learned when the need has no category any more."""
    need = Need.objects.select_related("community").filter(pk=need_id).first()
    if need is None or need.category_id is None:
        return None
    chosen: str = need.category_id
    district = district_of(need.community)
    if district is None or not need_text(need):
        return None
    with transaction.atomic():
        ReadingExample.objects.filter(need=need, source__in=_SECRETARY_SOURCES, active=True).update(
            active=False, deactivated_at=timezone.now()
        )
        reading = current_index().read(need_text(need), district=district.code, limit=1)
        first = reading.categories[0].code if reading.categories else None
        source = (
            ReadingExample.Source.CONFIRMED if first == chosen else ReadingExample.Source.CORRECTED
        )
        return reading_example_record(need=need, category=chosen, source=source, actor_id=actor_id)


def reading_learn_from_project(
    *, project: Project, source: str, actor_id: int | None
) -> ReadingExample | None:
    """Learn from a partner's accept or decline (as not its kind of service), or from a
    good rating: the need's text and the offering's category. One insert; the caller,
    inside the transaction of the event, records the change with ``examples=True``."""
    category = project.offering.category_id
    if category is None:
        return None
    return reading_example_record(
        need=project.need,
        category=category,
        source=source,
        actor_id=actor_id,
        project=project,
        announce=False,
    )


def reading_example_deactivate(*, actor: Any, example: ReadingExample) -> ReadingExample:
    """Stop using ``example``: readings in its district are again as without it. Only
    the district's administrators may (``PermissionDenied`` otherwise)."""
    require(
        has_perm(actor, "matching.deactivate_reading_example", example),
        "only the district's administrators may deactivate its reading examples",
    )
    with transaction.atomic():
        updated = ReadingExample.objects.filter(pk=example.pk, active=True).update(
            active=False, deactivated_by_id=actor.pk, deactivated_at=timezone.now()
        )
        if updated:
            record_change(examples=True)
    example.refresh_from_db()
    return example


def learn_from_outcome(
    sender: Any,
    *,
    project: Project,
    outcome: str,
    actor_id: int | None,
    rating: int | None,
    **_: Any,
) -> bool:
    """Receiver of :data:`needs.signals.project_outcome`: an accept, a decline as not the
    partner's kind of service, or a good rating teaches the need's district the offering's
    category for the need's text. ``True`` when an example was recorded."""
    if outcome == "rated" and (rating is None or rating < GOOD_RATING):
        return False
    source = {
        "accepted": ReadingExample.Source.ACCEPTED,
        "declined": ReadingExample.Source.DECLINED,
        "rated": ReadingExample.Source.RATED,
    }.get(outcome)
    if source is None:
        return False
    return reading_learn_from_project(project=project, source=source, actor_id=actor_id) is not None
