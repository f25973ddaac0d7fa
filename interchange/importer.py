"""Import (upsert by ``code``) of a ``jinlin-interchange/1`` document.

Built for district roll-outs of tens of thousands of records: the number of queries
depends on the number of kinds and batches, never on one query per record. Existing
rows are read in bulk and turned into records with the exporter's builders; an incoming
record that builds the same record is left alone, so a second import of the same file
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from changes.log import record_change
from interchange import exporter
from interchange.schema import (
    DEPTH,
    CommunityIn,
    MeetingIn,
    NeedIn,
    OfferingIn,
    PartnerIn,
    Reach,
    ValidDocument,
    chunked,
    validate_document,
)
from needs.models import LiaisonMeeting, MeetingAttendee, Need
from partners.models import AuditEvent, Community, Offering, OfferingArea, Partner
from partners.services import Actor, audit_event_record

BATCH = 500

M = TypeVar("M", bound=Model)
R = TypeVar("R")


@dataclass(frozen=True)
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do), per kind."""

    communities: KindCounts
    partners: KindCounts
    offerings: KindCounts
    meetings: KindCounts
    needs: KindCounts
    dry_run: bool = False

    def by_kind(self) -> dict[str, KindCounts]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "dry_run"}

    @property
    def changed(self) -> int:
        """Records created or updated, over all kinds."""
        return sum(c.created + c.updated for c in self.by_kind().values())


def import_document(
    doc: object,
    *,
    dry_run: bool = False,
    reach: Reach | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """Validate ``doc`` whole, then create or update its records by ``code``.

    ``reach`` bounds an import made from the pages by an area's administrator: every
    record must lie inside her area before and after, and no partner's status may change
    (:class:`~interchange.schema.Reach`); ``None`` (platform administrators and the
    operator's ``import_region`` command) reaches everything. ``actor`` is the person who
    confirmed the import, named in its audit event; without one the event names the
    ``import_region`` command.

    Raises :class:`~interchange.errors.InterchangeError` listing every problem,
    having written nothing. Otherwise writes, in one transaction (``transaction.atomic``),
    only the records that differ from what is stored: Community, Partner, Offering,
    LiaisonMeeting and Need rows (and one ``AuditEvent`` summing them up); for those
    records their OfferingArea and MeetingAttendee rows and their taggit TaggedItem rows
    (replaced whole), and any new taggit Tag. Nothing is deleted apart from those
    replaced rows; records absent from the document stay as they are. New partners
    without a ``status`` become verified (a bulk import comes from an administrator);
    existing partners keep theirs unless the record sets one. New needs are open;
    existing needs keep their status.

    With ``dry_run`` nothing is written and the report gives the counts the import would
    have.
    """
    with transaction.atomic():
        valid = validate_document(doc, reach=reach)
        report = _Import(valid, dry_run=dry_run).run()
        if not report.dry_run and report.changed:
            # Rows are written in bulk, past the per-row audit log: one summary entry.
            audit_event_record(
                actor=actor,
                actor_name="" if actor is not None else "import_region",
                action=AuditEvent.Action.IMPORT,
                what=f"批量导入 {report.changed} 条记录",
                detail={
                    kind: {"created": c.created, "updated": c.updated}
                    for kind, c in report.by_kind().items()
                },
            )
            transaction.on_commit(_refresh_statistics)
        return report


# The tables an import writes in bulk.
_WRITTEN = (
    Community,
    Partner,
    Offering,
    OfferingArea,
    LiaisonMeeting,
    MeetingAttendee,
    Need,
    Tag,
    TaggedItem,
)


def _refresh_statistics() -> None:
    """Have PostgreSQL count the imported rows now. Its planner otherwise plans with the
    counts of the tables before the import (empty, for a new district) until autovacuum
    comes by: on a district of 5,000 needs the needs list took 12 ms a page where it
    takes under 1 ms with fresh counts. SQLite plans without them."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in _WRITTEN)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


@dataclass
class _Plan(Generic[M, R]):
    """Per kind: unsaved instances to create, instances (with pk) to update."""

    create: list[tuple[M, R]]
    update: list[tuple[M, R]]
    unchanged: int

    @property
    def counts(self) -> KindCounts:
        return KindCounts(len(self.create), len(self.update), self.unchanged)

    @property
    def written(self) -> list[tuple[M, R]]:
        return self.create + self.update


def _plan(
    incoming: Sequence[tuple[M, R, dict[str, Any]]],
    existing: dict[str, tuple[M, dict[str, Any]]],
) -> _Plan[M, R]:
    plan: _Plan[M, R] = _Plan([], [], 0)
    for instance, source, record in incoming:
        stored = existing.get(record["code"])
        if stored is None:
            plan.create.append((instance, source))
        elif stored[1] != record:
            instance.pk = stored[0].pk
            plan.update.append((instance, source))
        else:
            plan.unchanged += 1
    return plan


def _stored(rows: Any, model: type[M], codes: Iterable[str]) -> dict[str, tuple[M, dict[str, Any]]]:
    """Stored rows of ``model`` with these codes, as (instance, record), batch by batch."""
    found: dict[str, tuple[M, dict[str, Any]]] = {}
    for batch in chunked(codes, BATCH):
        qs: QuerySet[M] = model._default_manager.filter(code__in=batch)
        for instance, record in rows(qs):
            found[record["code"]] = (instance, record)
    return found


class _Import:
    def __init__(self, valid: ValidDocument, *, dry_run: bool):
        self.valid = valid
        self.dry_run = dry_run
        self.now = timezone.now()
        known = valid.known
        self.community_ids = dict(known.community_ids)
        self.partner_ids = dict(known.partner_ids)
        self.meeting_ids = dict(known.meeting_ids)

    def run(self) -> ImportReport:
        # Plan everything first (reads only), then write in dependency order.
        communities = self._plan_communities()
        partners = self._plan_partners()
        offerings = self._plan_offerings()
        meetings = self._plan_meetings()
        needs = self._plan_needs()
        if not self.dry_run:
            self._write_communities(communities)
            self._write_partners(partners)
            self._write_offerings(offerings)
            self._write_meetings(meetings)
            self._write_needs(needs)
        report = ImportReport(
            communities=communities.counts,
            partners=partners.counts,
            offerings=offerings.counts,
            meetings=meetings.counts,
            needs=needs.counts,
            dry_run=self.dry_run,
        )
        if report.changed and not self.dry_run:
            record_change(everything=True)  # every process rebuilds its matching index
        return report

    # --- planning: build each incoming record as the exporter would, compare ----------

    def _plan_communities(self) -> _Plan[Community, CommunityIn]:
        incoming = []
        for c in self.valid.communities:
            instance = Community(code=c.code, name=c.name, level=c.level, lat=c.lat, lng=c.lng)
            incoming.append((instance, c, exporter.community_record(instance, parent=c.parent)))
        stored = _stored(
            exporter.community_rows, Community, (c.code for c in self.valid.communities)
        )
        return _plan(incoming, stored)

    def _plan_partners(self) -> _Plan[Partner, PartnerIn]:
        stored = _stored(exporter.partner_rows, Partner, (p.code for p in self.valid.partners))
        incoming = []
        for p in self.valid.partners:
            status: str | None = p.status
            if status is None:
                before = stored.get(p.code)
                status = before[0].status if before else Partner.Status.VERIFIED
            instance = Partner(
                code=p.code,
                name=p.name,
                kind=p.kind,
                unit_type=p.unit_type,
                address=p.address,
                lat=p.lat,
                lng=p.lng,
                contact_name=p.contact_name,
                phone=p.phone,
                description=p.description,
                status=status,
            )
            record = exporter.partner_record(instance, community=p.community, tags=p.tags)
            incoming.append((instance, p, record))
        return _plan(incoming, stored)

    def _plan_offerings(self) -> _Plan[Offering, OfferingIn]:
        incoming = []
        for o in self.valid.offerings:
            instance = Offering(
                code=o.code,
                title=o.title,
                description=o.description,
                category_id=o.category,
                modes=list(o.modes),
                beneficiaries=list(o.beneficiaries),
                area_radius_km=o.service_area.radius_km,
                capacity=o.capacity,
                unit=o.unit,
                availability=exporter.slot_records(o.availability),
                valid_from=o.valid_from,
                valid_until=o.valid_until,
                cost=o.cost,
            )
            record = exporter.offering_record(
                instance, partner=o.partner, area=_area(o), tags=o.tags
            )
            incoming.append((instance, o, record))
        stored = _stored(exporter.offering_rows, Offering, (o.code for o in self.valid.offerings))
        return _plan(incoming, stored)

    def _plan_meetings(self) -> _Plan[LiaisonMeeting, MeetingIn]:
        incoming = []
        for m in self.valid.meetings:
            instance = LiaisonMeeting(code=m.code, date=m.date, title=m.title)
            record = exporter.meeting_record(instance, community=m.community, attendees=m.attendees)
            incoming.append((instance, m, record))
        stored = _stored(
            exporter.meeting_rows, LiaisonMeeting, (m.code for m in self.valid.meetings)
        )
        return _plan(incoming, stored)

    def _plan_needs(self) -> _Plan[Need, NeedIn]:
        incoming = []
        for n in self.valid.needs:
            instance = Need(
                code=n.code,
                title=n.title,
                description=n.description,
                category_id=n.category,
                beneficiaries=list(n.beneficiaries),
                quantity=n.quantity,
                modes=list(n.modes),
                window_start=n.window.start,
                window_end=n.window.end,
                preferred_slots=exporter.slot_records(n.preferred_slots),
                priority=n.priority,
                source=n.source,
                status=Need.Status.OPEN,
            )
            record = exporter.need_record(
                instance, community=n.community, meeting=n.meeting, tags=n.tags
            )
            incoming.append((instance, n, record))
        stored = _stored(exporter.need_rows, Need, (n.code for n in self.valid.needs))
        return _plan(incoming, stored)

    # --- writing ---------------------------------------------------------------------

    def _write_communities(self, plan: _Plan[Community, CommunityIn]) -> None:
        # Parent first: a parent's level is always above its child's, so creating level
        # by level means every parent has an id before its children need it.
        by_depth = sorted(plan.written, key=lambda pair: DEPTH[pair[1].level])
        for depth in sorted({DEPTH[c.level] for _, c in by_depth}):
            layer = [(i, c) for i, c in by_depth if DEPTH[c.level] == depth]
            for instance, c in layer:
                instance.parent_id = self.community_ids[c.parent] if c.parent else None
            created = [i for i, _ in layer if i.pk is None]
            self.community_ids.update(_create(Community, created))
        _update(Community, plan.update, ["name", "level", "parent", "lat", "lng"], None)

    def _write_partners(self, plan: _Plan[Partner, PartnerIn]) -> None:
        for instance, p in plan.written:
            instance.community_id = self.community_ids[p.community]
        self.partner_ids.update(_create(Partner, [i for i, _ in plan.create]))
        _update(
            Partner,
            plan.update,
            [
                "name",
                "kind",
                "unit_type",
                "community",
                "address",
                "lat",
                "lng",
                "contact_name",
                "phone",
                "description",
                "status",
            ],
            self.now,
        )
        _replace_tags(Partner, plan, self.partner_ids)

    def _write_offerings(self, plan: _Plan[Offering, OfferingIn]) -> None:
        for instance, o in plan.written:
            instance.partner_id = self.partner_ids[o.partner]
        offering_ids = _create(Offering, [i for i, _ in plan.create])
        offering_ids.update({i.code: i.pk for i, _ in plan.update})
        _update(
            Offering,
            plan.update,
            [
                "partner",
                "title",
                "description",
                "category",
                "modes",
                "beneficiaries",
                "area_radius_km",
                "capacity",
                "unit",
                "availability",
                "valid_from",
                "valid_until",
                "cost",
            ],
            self.now,
        )
        _delete_in(OfferingArea.objects.all(), "offering_id", [i.pk for i, _ in plan.update])
        OfferingArea.objects.bulk_create(
            (
                OfferingArea(
                    offering_id=offering_ids[o.code],
                    community_id=self.community_ids[code],
                    position=position,
                )
                for _, o in plan.written
                for position, code in enumerate(_area(o))
            ),
            batch_size=BATCH,
        )
        _replace_tags(Offering, plan, offering_ids)

    def _write_meetings(self, plan: _Plan[LiaisonMeeting, MeetingIn]) -> None:
        for instance, m in plan.written:
            instance.community_id = self.community_ids[m.community]
        self.meeting_ids.update(_create(LiaisonMeeting, [i for i, _ in plan.create]))
        _update(LiaisonMeeting, plan.update, ["community", "date", "title"], self.now)
        _delete_in(MeetingAttendee.objects.all(), "meeting_id", [i.pk for i, _ in plan.update])
        MeetingAttendee.objects.bulk_create(
            (
                MeetingAttendee(
                    meeting_id=self.meeting_ids[m.code],
                    partner_id=self.partner_ids[code],
                    position=position,
                )
                for _, m in plan.written
                for position, code in enumerate(m.attendees)
            ),
            batch_size=BATCH,
        )

    def _write_needs(self, plan: _Plan[Need, NeedIn]) -> None:
        for instance, n in plan.written:
            instance.community_id = self.community_ids[n.community]
            instance.meeting_id = self.meeting_ids[n.meeting] if n.meeting else None
        need_ids = _create(Need, [i for i, _ in plan.create])
        need_ids.update({i.code: i.pk for i, _ in plan.update})
        # Status is left out: it follows the need's life in Jinlin, not the document.
        _update(
            Need,
            plan.update,
            [
                "community",
                "title",
                "description",
                "category",
                "beneficiaries",
                "quantity",
                "modes",
                "window_start",
                "window_end",
                "preferred_slots",
                "priority",
                "source",
                "meeting",
            ],
            self.now,
        )
        _replace_tags(Need, plan, need_ids)


def _area(o: OfferingIn) -> list[str]:
    return list(o.service_area.communities or [])


def _create(model: type[M], instances: list[M]) -> dict[str, int]:
    """Insert in batches; returns code → id of the new rows."""
    if not instances:
        return {}
    model._default_manager.bulk_create(instances, batch_size=BATCH)
    if all(i.pk is not None for i in instances):
        return {i.code: i.pk for i in instances}  # type: ignore[attr-defined]
    # Backends that cannot return ids from a bulk insert: read them back.
    ids: dict[str, int] = {}
    for batch in chunked([i.code for i in instances], BATCH):  # type: ignore[attr-defined]
        ids.update(model._default_manager.filter(code__in=batch).values_list("code", "id"))
    for i in instances:
        i.pk = ids[i.code]  # type: ignore[attr-defined]
    return ids


def _update(model: type[M], pairs: Sequence[tuple[M, Any]], names: list[str], now: Any) -> None:
    if not pairs:
        return
    instances = [i for i, _ in pairs]
    if now is not None:
        # bulk_update does not run auto_now, so the change time is set here.
        for i in instances:
            i.updated_at = now  # type: ignore[attr-defined]
        names = [*names, "updated_at"]
    model._default_manager.bulk_update(instances, names, batch_size=BATCH)


def _delete_in(qs: QuerySet[Any], column: str, ids: Sequence[int]) -> None:
    for batch in chunked(ids, BATCH):
        qs.filter(**{f"{column}__in": batch}).delete()


def _replace_tags(model: type[Model], plan: _Plan[Any, Any], ids: dict[str, int]) -> None:
    """Replace the taggit rows of the written records, creating missing tags in bulk."""
    written = [(ids[source.code], list(dict.fromkeys(source.tags))) for _, source in plan.written]
    if not written:
        return
    content_type = ContentType.objects.get_for_model(model)
    items = TaggedItem.objects.filter(content_type=content_type)
    _delete_in(items, "object_id", [i.pk for i, _ in plan.update])
    wanted = {name for _, names in written for name in names}
    if not wanted:
        return
    tag_ids = _tag_ids(wanted)
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(content_type=content_type, object_id=object_id, tag_id=tag_ids[name])
            for object_id, names in written
            for name in names
        ),
        batch_size=BATCH,
    )


def _tag_ids(names: set[str]) -> dict[str, int]:
    """Ids of these tag names, creating the missing ones with unique slugs as taggit would."""
    ids: dict[str, int] = {}
    used_slugs: set[str] = set()
    # The tag table holds free labels, small next to the records that carry them.
    for tag_id, name, slug in Tag.objects.values_list("id", "name", "slug"):
        used_slugs.add(slug)
        if name in names:
            ids[name] = tag_id
    new = [Tag(name=name, slug=_unique_slug(name, used_slugs)) for name in sorted(names - set(ids))]
    Tag.objects.bulk_create(new, batch_size=BATCH)
    if any(t.pk is None for t in new):
        for batch in chunked([t.name for t in new], BATCH):
            ids.update(Tag.objects.filter(name__in=batch).values_list("name", "id"))
    else:
        ids.update({t.name: t.pk for t in new})
    return ids


def _unique_slug(name: str, used: set[str]) -> str:
    base = slugify(name, allow_unicode=True)[:90] or "tag"
    slug, n = base, 0
    while slug in used:
        n += 1
        slug = f"{base}_{n}"
    used.add(slug)
    return slug
