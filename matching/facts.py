"""The engine's dataclasses, read from the database in bulk.

Every function here runs a fixed number of queries whatever the number of rows (lists
of codes are read in batches of :data:`BATCH`), so building the index for a district of
30,000 offerings costs the same handful of queries as for a village.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from taggit.models import TaggedItem

from centres.selectors import activity_ratings
from core.queries import IdSet
from matching.engine.catalogue import with_catalogue_file
from matching.engine.quarters import Quarter
from matching.engine.types import (
    CategoryDef,
    NeedFacts,
    OfferingFacts,
    PartnerFacts,
    Place,
    Slot,
    Standard,
    TextExample,
)
from matching.models import ReadingExample
from needs import selectors as needs_selectors
from needs.models import Need, Project
from partners.models import (
    BeneficiaryGroup,
    Category,
    Community,
    DeliveryMode,
    Offering,
    OfferingArea,
    Partner,
)

BATCH = 500
# How far back work dispatched to a partner counts towards its load.
LOAD_WINDOW = dt.timedelta(days=90)

T = TypeVar("T")


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def slots_of(records: Iterable[dict[str, Any]]) -> tuple[Slot, ...]:
    """Stored weekly slots (``{"weekday", "start": "HH:MM", "end"}``) as engine slots."""
    return tuple(Slot(int(s["weekday"]), _minutes(s["start"]), _minutes(s["end"])) for s in records)


def load_standard() -> Standard:
    """The service standard: categories with their related categories, beneficiary
    group names and delivery mode names (four queries), with the service catalogue's
    descriptions, situations and cues (read from its file) when there is one."""
    related: dict[str, set[str]] = defaultdict(set)
    for source, target in Category.related.through.objects.values_list(
        "from_category_id", "to_category_id"
    ):
        related[source].add(target)
    categories = tuple(
        CategoryDef(
            code=c.code,
            name_zh=c.name_zh,
            name_en=c.name_en,
            related=frozenset(related[c.code]),
            typical_beneficiaries=frozenset(c.typical_beneficiaries or ()),
            typical_modes=frozenset(c.typical_modes or ()),
        )
        for c in Category.objects.order_by("position", "code")
    )
    return with_catalogue_file(
        Standard(
            categories=categories,
            beneficiary_names=dict(BeneficiaryGroup.objects.values_list("code", "name_zh")),
            mode_names=dict(DeliveryMode.objects.values_list("code", "name_zh")),
        )
    )


def load_examples() -> list[TextExample]:
    """The active reading examples of every district (one query)."""
    return [
        TextExample(text=text, category=category, district=district, weight=weight)
        for text, category, district, weight in ReadingExample.objects.filter(active=True)
        .order_by("pk")
        .values_list("text", "category_id", "district__code", "weight")
    ]


def load_places() -> tuple[Place, ...]:
    """Every node of the community tree (one query)."""
    return tuple(
        Place(code=code, name=name, level=level, parent=parent, lat=lat, lng=lng)
        for code, name, level, parent, lat, lng in Community.objects.order_by("code").values_list(
            "code", "name", "level", "parent__code", "lat", "lng"
        )
    )


def _tags_by_object(model: type[Model], ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Tag names per object id, through taggit, in one query (the ids bound as one
    value, :class:`~core.queries.IdSet`)."""
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    tags: dict[int, set[str]] = defaultdict(set)
    for object_id, name in TaggedItem.objects.filter(
        content_type=content_type, object_id__in=IdSet(ids)
    ).values_list("object_id", "tag__name"):
        tags[object_id].add(name)
    return {object_id: frozenset(names) for object_id, names in tags.items()}


def _all_tags(model: type[Model]) -> dict[int, frozenset[str]]:
    content_type = ContentType.objects.get_for_model(model)
    tags: dict[int, set[str]] = defaultdict(set)
    for object_id, name in TaggedItem.objects.filter(content_type=content_type).values_list(
        "object_id", "tag__name"
    ):
        tags[object_id].add(name)
    return {object_id: frozenset(names) for object_id, names in tags.items()}


# --- Capacity, reliability and load ---------------------------------------------------------


def capacity_left_by_id(offering_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Units of each offering left this quarter (two queries per batch)."""
    quarter = current_quarter()
    if offering_ids is None:
        return needs_selectors.capacity_left_by_offering(quarter=quarter)
    left: dict[int, int] = {}
    for batch in _chunks(offering_ids):
        left.update(needs_selectors.capacity_left_by_offering(quarter=quarter, offering_ids=batch))
    return left


def partner_reliability(partner_ids: Sequence[int] | None = None) -> dict[int, float | None]:
    """Each partner's reliability, 0..1 from its history (``None`` without any)."""
    return needs_selectors.partner_reliability(
        partner_ids=partner_ids, other_ratings=activity_ratings(partner_ids)
    )


def partner_load(partner_ids: Sequence[int] | None = None) -> dict[int, int]:
    """How much work each partner was recently handed (projects dispatched to it, whatever
    became of them since) over :data:`LOAD_WINDOW` (one query)."""
    since = timezone.now() - LOAD_WINDOW
    dispatched = Project.objects.filter(created_at__gte=since).exclude(status="proposed")
    if partner_ids is not None:
        dispatched = dispatched.filter(offering__partner_id__in=partner_ids)
    return dict(dispatched.values_list("offering__partner_id").annotate(n=Count("id")).order_by())


# --- Partners and offerings ------------------------------------------------------------------

_PARTNER_FIELDS = ("id", "code", "name", "status", "kind", "lat", "lng")


def _partner_facts(rows: Iterable[dict[str, Any]], ids: Sequence[int] | None) -> list[PartnerFacts]:
    reliability = partner_reliability(ids)
    load = partner_load(ids)
    return [
        PartnerFacts(
            code=row["code"],
            name=row["name"],
            status=row["status"],
            kind=row["kind"],
            lat=row["lat"],
            lng=row["lng"],
            reliability=reliability.get(row["id"]),
            load=load.get(row["id"], 0),
        )
        for row in rows
    ]


def load_partners(codes: Sequence[str] | None = None) -> list[PartnerFacts]:
    """Partners (all, or those with the given codes) with reliability and load."""
    if codes is None:
        return _partner_facts(Partner.objects.order_by("code").values(*_PARTNER_FIELDS), None)
    rows = [
        row
        for batch in _chunks(codes)
        for row in Partner.objects.filter(code__in=batch).values(*_PARTNER_FIELDS)
    ]
    return _partner_facts(rows, [row["id"] for row in rows])


_OFFERING_FIELDS = (
    "id",
    "code",
    "partner__code",
    "title",
    "description",
    "category_id",
    "area_radius_km",
    "capacity",
    "unit",
    "valid_from",
    "valid_until",
    "cost",
)
# JSON fields read as their stored text: offerings repeat a few patterns of modes,
# groups and weekly hours, so each distinct text is decoded once per load, not per row.
_OFFERING_JSON = {
    f"{name}_text": Cast(name, output_field=TextField())
    for name in ("modes", "beneficiaries", "availability")
}


class _Decoded:
    """Stored JSON texts as engine values, each distinct text worked out once."""

    def __init__(self) -> None:
        self._sets: dict[str | None, frozenset[str]] = {}
        self._slots: dict[str | None, tuple[Slot, ...]] = {}

    def codes(self, text: str | None) -> frozenset[str]:
        found = self._sets.get(text)
        if found is None:
            found = self._sets[text] = frozenset(json.loads(text) or ()) if text else frozenset()
        return found

    def slots(self, text: str | None) -> tuple[Slot, ...]:
        found = self._slots.get(text)
        if found is None:
            found = self._slots[text] = slots_of(json.loads(text) or ()) if text else ()
        return found


def _offering_facts(
    rows: list[dict[str, Any]],
    areas: dict[int, list[str]],
    tags: dict[int, frozenset[str]],
    left: dict[int, int],
) -> list[OfferingFacts]:
    decoded = _Decoded()
    return [
        OfferingFacts(
            code=row["code"],
            partner=row["partner__code"],
            title=row["title"],
            description=row["description"],
            category=row["category_id"],
            tags=tags.get(row["id"], frozenset()),
            modes=decoded.codes(row["modes_text"]),
            area_codes=frozenset(areas.get(row["id"], ())),
            radius_km=row["area_radius_km"],
            beneficiaries=decoded.codes(row["beneficiaries_text"]),
            capacity=row["capacity"],
            capacity_left=left.get(row["id"], row["capacity"]),
            unit=row["unit"],
            availability=decoded.slots(row["availability_text"]),
            valid_from=row["valid_from"],
            valid_until=row["valid_until"],
            cost=row["cost"],
        )
        for row in rows
    ]


def load_offerings(codes: Sequence[str] | None = None) -> list[OfferingFacts]:
    """Offerings (all, or those with the given codes that still exist) with their
    service-area codes, tags and capacity left."""
    if codes is None:
        rows = list(Offering.objects.order_by("code").values(*_OFFERING_FIELDS, **_OFFERING_JSON))
        areas: dict[int, list[str]] = defaultdict(list)
        for offering_id, code in OfferingArea.objects.order_by(
            "offering_id", "position"
        ).values_list("offering_id", "community__code"):
            areas[offering_id].append(code)
        return _offering_facts(rows, areas, _all_tags(Offering), capacity_left_by_id())
    rows = [
        row
        for batch in _chunks(codes)
        for row in Offering.objects.filter(code__in=batch).values(
            *_OFFERING_FIELDS, **_OFFERING_JSON
        )
    ]
    ids = [row["id"] for row in rows]
    areas = defaultdict(list)
    for batch in _chunks(ids):
        for offering_id, code in (
            OfferingArea.objects.filter(offering_id__in=batch)
            .order_by("offering_id", "position")
            .values_list("offering_id", "community__code")
        ):
            areas[offering_id].append(code)
    return _offering_facts(rows, areas, _tags_by_object(Offering, ids), capacity_left_by_id(ids))


def capacity_left(codes: Sequence[str]) -> dict[str, int]:
    """Units left this quarter of the offerings with the given codes."""
    ids = {
        offering_id: code
        for batch in _chunks(codes)
        for offering_id, code in Offering.objects.filter(code__in=batch).values_list("id", "code")
    }
    return {ids[offering_id]: left for offering_id, left in capacity_left_by_id(list(ids)).items()}


def current_quarter() -> Quarter:
    return Quarter.of(timezone.localdate())


# --- Needs -------------------------------------------------------------------------------------


def _need_fact(need: Need, community_code: str, tags: frozenset[str]) -> NeedFacts:
    return NeedFacts(
        code=need.code,
        community=community_code,
        title=need.title,
        description=need.description,
        category=need.category_id,
        tags=tags,
        beneficiaries=frozenset(need.beneficiaries or ()),
        quantity=need.quantity,
        modes=frozenset(need.modes or ()),
        window_start=need.window_start,
        window_end=need.window_end,
        preferred_slots=slots_of(need.preferred_slots or ()),
        priority=need.priority,
    )


def need_facts(need: Need) -> NeedFacts:
    """One need as the engine sees it (uses prefetched tags and the selected community
    when the caller loaded them, else two queries)."""
    return _need_fact(need, need.community.code, frozenset(t.name for t in need.tags.all()))


def open_need_texts() -> Iterator[str]:
    """The titles and descriptions of the open needs: what batches rank (an index
    snapshot keeps their clauses cut, :mod:`matching.engine.snapshot`)."""
    for title, description in Need.objects.filter(status=Need.Status.OPEN).values_list(
        "title", "description"
    ):
        yield title
        yield description


def needs_as_read(needs: QuerySet[Need]) -> list[NeedFacts]:
    """Needs of a queryset with only what reading them gives a category from (text,
    tags, beneficiaries, modes, community), in the queryset's order: for reading many
    needs at once, without loading them whole."""
    rows = list(
        needs.values_list(
            "id", "code", "community__code", "title", "description", "beneficiaries", "modes"
        )
    )
    tags = _tags_by_object(Need, [row[0] for row in rows])
    return [
        NeedFacts(
            code=code,
            community=community,
            title=title,
            description=description,
            tags=tags.get(nid, frozenset()),
            beneficiaries=frozenset(beneficiaries or ()),
            modes=frozenset(modes or ()),
        )
        for nid, code, community, title, description, beneficiaries, modes in rows
    ]


def needs_facts(needs: QuerySet[Need]) -> list[NeedFacts]:
    """Needs of a queryset as the engine sees them, in the queryset's order (a fixed
    number of queries per batch). Read as rows rather than whole needs: a district's
    5,000 in 0.08 s rather than 0.2 s."""
    rows = list(
        needs.values_list(
            "id",
            "code",
            "community__code",
            "title",
            "description",
            "category_id",
            "beneficiaries",
            "quantity",
            "modes",
            "window_start",
            "window_end",
            "preferred_slots",
            "priority",
        )
    )
    tags = _tags_by_object(Need, [row[0] for row in rows])
    empty: frozenset[str] = frozenset()
    return [
        NeedFacts(
            code=code,
            community=community,
            title=title,
            description=description,
            category=category,
            tags=tags.get(nid, empty),
            beneficiaries=frozenset(beneficiaries or ()),
            quantity=quantity,
            modes=frozenset(modes or ()),
            window_start=window_start,
            window_end=window_end,
            preferred_slots=slots_of(slots or ()),
            priority=priority,
        )
        for (
            nid,
            code,
            community,
            title,
            description,
            category,
            beneficiaries,
            quantity,
            modes,
            window_start,
            window_end,
            slots,
            priority,
        ) in rows
    ]
