"""Export to ``jinlin-interchange/1``, and the record builders the importer shares.

Each ``*_record`` builder turns one model instance (saved or not) plus the codes it
refers to into the record exactly as the spec writes it. The importer builds the same
records from incoming data and compares them with the records of the rows already
stored, so "unchanged" means "would export the same".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Model, QuerySet
from taggit.models import TaggedItem

from core.errors import NotFoundError
from interchange.schema import DEPTH, FORMAT
from needs.models import LiaisonMeeting, MeetingAttendee, Need
from partners.models import Community, Offering, OfferingArea, Partner
from partners.selectors import community_subtree_ids

Record = dict[str, Any]


def community_record(c: Community, *, parent: str | None) -> Record:
    record: Record = {"code": c.code, "name": c.name, "level": c.level, "parent": parent}
    # Coordinates are optional for districts and streets; null ones are left out.
    if c.lat is not None:
        record["lat"] = c.lat
    if c.lng is not None:
        record["lng"] = c.lng
    return record


def partner_record(p: Partner, *, community: str, tags: Iterable[str]) -> Record:
    record: Record = {
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "unit_type": p.unit_type,
        "community": community,
        "address": p.address,
        "lat": p.lat,
        "lng": p.lng,
        "contact_name": p.contact_name,
        "phone": p.phone,
        "description": p.description,
        "tags": sorted(set(tags)),
    }
    # Verified is what an import defaults to, so leaving it out loses nothing.
    if p.status != Partner.Status.VERIFIED:
        record["status"] = p.status
    return record


def offering_record(
    o: Offering, *, partner: str, area: Sequence[str], tags: Iterable[str]
) -> Record:
    service_area: Record
    if o.area_radius_km is not None:
        service_area = {"radius_km": _number(o.area_radius_km)}
    else:
        service_area = {"communities": list(area)}
    return {
        "code": o.code,
        "partner": partner,
        "title": o.title,
        "description": o.description,
        "category": o.category_id,
        "tags": sorted(set(tags)),
        "modes": list(o.modes),
        "service_area": service_area,
        "beneficiaries": list(o.beneficiaries),
        "capacity": o.capacity,
        "unit": o.unit,
        "availability": slot_records(o.availability),
        "valid_from": o.valid_from.isoformat() if o.valid_from else None,
        "valid_until": o.valid_until.isoformat() if o.valid_until else None,
        "cost": o.cost,
    }


def meeting_record(m: LiaisonMeeting, *, community: str, attendees: Sequence[str]) -> Record:
    return {
        "code": m.code,
        "community": community,
        "date": m.date.isoformat(),
        "title": m.title,
        "attendees": list(attendees),
    }


def need_record(n: Need, *, community: str, meeting: str | None, tags: Iterable[str]) -> Record:
    return {
        "code": n.code,
        "community": community,
        "title": n.title,
        "description": n.description,
        "category": n.category_id,
        "tags": sorted(set(tags)),
        "beneficiaries": list(n.beneficiaries),
        "quantity": n.quantity,
        "modes": list(n.modes),
        "window": {"start": n.window_start.isoformat(), "end": n.window_end.isoformat()},
        "preferred_slots": slot_records(n.preferred_slots),
        "priority": n.priority,
        "source": n.source,
        "meeting": meeting,
    }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def slot_records(slots: Iterable[dict[str, Any]]) -> list[Record]:
    """Weekly slots with their keys in the spec's order."""
    return [{"weekday": s["weekday"], "start": s["start"], "end": s["end"]} for s in slots]


# --- reading stored rows as records (a fixed number of queries per queryset) -------------


def tag_names(
    model: type[Model], ids: QuerySet[Any] | Sequence[int] | None
) -> dict[int, list[str]]:
    """Tag names per object id of ``model``; ``ids`` limits the objects (None: all)."""
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if ids is not None:
        items = items.filter(object_id__in=ids)
    names: dict[int, list[str]] = defaultdict(list)
    for object_id, name in items.values_list("object_id", "tag__name"):
        names[object_id].append(name)
    return names


def community_rows(qs: QuerySet[Community]) -> Iterator[tuple[Community, Record]]:
    for c in qs.annotate(parent_code=F("parent__code")):
        yield c, community_record(c, parent=c.parent_code)


def partner_rows(qs: QuerySet[Partner]) -> Iterator[tuple[Partner, Record]]:
    tags = tag_names(Partner, qs.values("id"))
    for p in qs.annotate(community_code=F("community__code")):
        yield p, partner_record(p, community=p.community_code, tags=tags.get(p.pk, ()))


def _listed_codes(
    rows: type[OfferingArea] | type[MeetingAttendee], owner: str, code: str, owners: QuerySet[Any]
) -> dict[int, list[str]]:
    """The codes each owner lists (an offering's area, a meeting's attendees), in the
    order given, in one query."""
    listed: dict[int, list[str]] = defaultdict(list)
    for owner_id, listed_code in (
        rows.objects.filter(**{f"{owner}__in": owners.values("id")})
        .order_by(owner, "position", "id")
        .values_list(owner, code)
    ):
        listed[owner_id].append(listed_code)
    return listed


def offering_rows(qs: QuerySet[Offering]) -> Iterator[tuple[Offering, Record]]:
    tags = tag_names(Offering, qs.values("id"))
    areas = _listed_codes(OfferingArea, "offering_id", "community__code", qs)
    for o in qs.annotate(partner_code=F("partner__code")):
        yield (
            o,
            offering_record(
                o,
                partner=o.partner_code,
                area=areas.get(o.pk, []),
                tags=tags.get(o.pk, ()),
            ),
        )


def meeting_rows(qs: QuerySet[LiaisonMeeting]) -> Iterator[tuple[LiaisonMeeting, Record]]:
    attendees = _listed_codes(MeetingAttendee, "meeting_id", "partner__code", qs)
    for m in qs.annotate(community_code=F("community__code")):
        yield (
            m,
            meeting_record(
                m,
                community=m.community_code,
                attendees=attendees.get(m.pk, []),
            ),
        )


def need_rows(qs: QuerySet[Need]) -> Iterator[tuple[Need, Record]]:
    tags = tag_names(Need, qs.values("id"))
    for n in qs.annotate(community_code=F("community__code"), meeting_code=F("meeting__code")):
        yield (
            n,
            need_record(
                n,
                community=n.community_code,
                meeting=n.meeting_code,
                tags=tags.get(n.pk, ()),
            ),
        )


# --- the document -------------------------------------------------------------------------


def export_document(*, scope: str | None = None) -> dict[str, Any]:
    """The region as a ``jinlin-interchange/1`` document (a dict ready for ``json.dump``).

    ``scope`` is a community code: the export then holds that community and everything
    under it, the partners homed there, their offerings, and the meetings and needs of
    those communities. Records outside the scope that it refers to (the scope's parent,
    meeting attendees or service-area communities elsewhere, meetings of other
    communities) are not included, so a scoped export imports into a database that
    already holds them, which is the case for the database it came from.

    Records are ordered by code, communities parent first. Raises NotFoundError for an
    unknown scope. A bounded number of queries, whatever the size of the region.
    """
    communities = Community.objects.all()
    partners = Partner.objects.all()
    offerings = Offering.objects.all()
    meetings = LiaisonMeeting.objects.all()
    needs = Need.objects.all()
    if scope is not None:
        root = Community.objects.filter(code=scope).values_list("id", flat=True).first()
        if root is None:
            raise NotFoundError(f"scope: unknown community code {scope!r}")
        ids = sorted(community_subtree_ids([root]))
        communities = communities.filter(id__in=ids)
        partners = partners.filter(community_id__in=ids)
        offerings = offerings.filter(partner__community_id__in=ids)
        meetings = meetings.filter(community_id__in=ids)
        needs = needs.filter(community_id__in=ids)

    return {
        "format": FORMAT,
        "communities": _parent_first([r for _, r in community_rows(communities)]),
        "partners": [r for _, r in partner_rows(partners.order_by("code"))],
        "offerings": [r for _, r in offering_rows(offerings.order_by("code"))],
        "meetings": [r for _, r in meeting_rows(meetings.order_by("code"))],
        "needs": [r for _, r in need_rows(needs.order_by("code"))],
    }


def _parent_first(records: list[Record]) -> list[Record]:
    """Depth-first from the top, children by code: every parent precedes its children."""
    children: dict[str | None, list[Record]] = defaultdict(list)
    codes = {r["code"] for r in records}
    for r in sorted(records, key=lambda r: (DEPTH[r["level"]], r["code"])):
        # A scope's root hangs under a parent outside the export: treat it as a top.
        children[r["parent"] if r["parent"] in codes else None].append(r)
    ordered: list[Record] = []
    stack = list(reversed(children[None]))
    while stack:
        r = stack.pop()
        ordered.append(r)
        stack.extend(reversed(children.get(r["code"], [])))
    return ordered
