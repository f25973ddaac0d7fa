"""Writes of the matching: recording what changed for the index, and storing the
suggestions pages show.

Keyword-only and typed like every service. The writers of offerings, partners,
capacity and imports call :func:`record_change` inside their own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from changes.log import CHANGES_KEPT, record_change
from changes.models import IndexChange
from matching import facts
from matching.engine.types import Ranking
from matching.index import current_index
from matching.models import Suggestion
from needs.models import Need
from partners.models import Offering, OfferingArea
from partners.selectors import community_subtree_ids

# How many suggestions are stored per open need.
SUGGESTIONS_KEPT = 10
BATCH = 500


def _reasons(ranking: Ranking) -> list[list[dict[str, object]]]:
    return [
        [
            {"code": r.code, "text_zh": r.text_zh, "text_en": r.text_en, "share": r.share}
            for r in match.reasons
        ]
        for match in ranking.matches
    ]


def suggestions_store(*, needs: QuerySet[Need]) -> int:
    """Rank the open needs among ``needs`` and store their top :data:`SUGGESTIONS_KEPT`
    offerings, replacing what was stored for them; return how many were stored.
    Needs that are no longer open lose their stored suggestions.

    Ranks outside any transaction, then writes each batch of needs in one transaction
    holding their rows' locks (``SELECT … FOR UPDATE``), so two refreshes of the same
    need leave one consistent list.
    """
    open_ids = list(
        needs.filter(status=Need.Status.OPEN).order_by("pk").values_list("pk", flat=True)
    )
    Suggestion.objects.filter(need__in=needs.exclude(status=Need.Status.OPEN)).delete()
    index = current_index()
    today = timezone.localdate()
    stored = 0
    for start in range(0, len(open_ids), BATCH):
        batch = open_ids[start : start + BATCH]
        batch_needs = Need.objects.filter(pk__in=batch).order_by("pk")
        rankings = index.rank_many(
            facts.needs_facts(batch_needs), limit=SUGGESTIONS_KEPT, today=today
        )
        codes = {m.offering for r in rankings for m in r.matches}
        offering_ids = dict(Offering.objects.filter(code__in=codes).values_list("code", "pk"))
        need_ids = dict(batch_needs.values_list("code", "pk"))
        now = timezone.now()
        rows = [
            Suggestion(
                need_id=need_ids[ranking.need],
                offering_id=offering_ids[match.offering],
                rank=position,
                score=match.score,
                reasons=reasons,
                computed_at=now,
            )
            for ranking in rankings
            for position, (match, reasons) in enumerate(
                zip(ranking.matches, _reasons(ranking), strict=True), start=1
            )
            if match.offering in offering_ids  # removed since the index was read
        ]
        with transaction.atomic():
            list(Need.objects.select_for_update().filter(pk__in=batch).order_by("pk").values("pk"))
            Suggestion.objects.filter(need_id__in=batch).delete()
            Suggestion.objects.bulk_create(rows, batch_size=BATCH)
        stored += len(rows)
    return stored


def suggestions_refresh_area(*, community_id: int | None = None) -> int:
    """Store the suggestions of every open need under the community with this id (every
    open need when ``None``); return how many were stored."""
    needs = Need.objects.all()
    if community_id is not None:
        needs = needs.filter(community_id__in=community_subtree_ids([community_id]))
    return suggestions_store(needs=needs)


def _needs_affected(offering_codes: Iterable[str], partner_codes: Iterable[str]) -> QuerySet[Need]:
    """Open needs whose suggestions these offerings or partners may change: those that
    show them now, and those in the service area of the offerings concerned (all open
    needs when one of them serves by radius or online, or was removed)."""
    offering_codes = set(offering_codes)
    offerings = Offering.objects.filter(
        Q(code__in=offering_codes) | Q(partner__code__in=set(partner_codes))
    )
    rows = list(offerings.values_list("pk", "code", "area_radius_km", "modes"))
    open_needs = Need.objects.filter(status=Need.Status.OPEN)
    removed = offering_codes - {code for _, code, _, _ in rows}
    if removed or any(radius is not None or "online" in modes for _, _, radius, modes in rows):
        return open_needs
    ids = [pk for pk, _, _, _ in rows]
    areas = OfferingArea.objects.filter(offering_id__in=ids).values_list("community_id", flat=True)
    served = community_subtree_ids(areas)
    showing = Suggestion.objects.filter(offering_id__in=ids).values("need_id")
    return open_needs.filter(Q(community_id__in=served) | Q(pk__in=showing))


def suggestions_refresh_for_change(*, version: int) -> int:
    """Store again the suggestions of the open needs the change with this version may
    affect (every open need after a bulk import, or when the change is no longer
    logged); return how many were stored."""
    change = IndexChange.objects.filter(version=version).first()
    if change is None or change.everything:
        return suggestions_refresh_area(community_id=None)
    offering_codes = set(change.offerings) | set(change.capacity)
    needs = _needs_affected(offering_codes, change.partners)
    if change.examples:
        # A district's examples change how needs without a category are read.
        needs = needs | Need.objects.filter(status=Need.Status.OPEN, category__isnull=True)
    return suggestions_store(needs=needs)


def matching_nightly() -> int:
    """The nightly round: forget changes older than :data:`CHANGES_KEPT` and rebuild
    every process's index (partners' load and reliability move with time); the change
    this records refreshes every open need's suggestions once committed. Returns the
    new version."""
    IndexChange.objects.filter(created_at__lt=timezone.now() - CHANGES_KEPT).delete()
    with transaction.atomic():
        return record_change(everything=True)
