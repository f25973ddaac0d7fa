"""Import (upsert by ``code``) of a ``jinlin-interchange/1`` document.

Built for district roll-outs of tens of thousands of records: the number of queries
depends on the number of kinds and batches, never on one query per record. Existing
rows are read in bulk and turned into records with the exporter's builders; an incoming
record that builds the same record is left alone, so a second import of the same file
writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, Protocol, TypeVar

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
    release: bool = False,
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
    have. With ``release`` the caller hands ``doc`` over, and its records are dropped as
    they are read (:func:`~interchange.schema.validate_document`).
    """
    with transaction.atomic():
        valid = validate_document(doc, reach=reach, release=release)
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
    """Per kind: the records to create, and those to update with the stored row each
    replaces. Rows are built from the records only when they are written, a batch at a
    time: a city's records are not held twice."""

    create: list[R]
    update: list[tuple[M, R]]
    unchanged: int

    @property
    def counts(self) -> KindCounts:
        return KindCounts(len(self.create), len(self.update), self.unchanged)

    @property
    def written(self) -> list[R]:
        return self.create + [source for _, source in self.update]


class _Code(Protocol):
    code: str


S = TypeVar("S", bound=_Code)


def _plan(
    sources: Sequence[S],
    stored: dict[str, tuple[M, dict[str, Any]]],
    record: Callable[[S, M], dict[str, Any]],
) -> _Plan[M, S]:
    """Compare each record with its stored row's record (``record`` builds a record's
    as the exporter would, given the stored row); only stored codes are compared."""
    plan: _Plan[M, S] = _Plan([], [], 0)
    for source in sources:
        before = stored.get(source.code)
        if before is None:
            plan.create.append(source)
        elif record(source, before[0]) != before[1]:
            plan.update.append((before[0], source))
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


def _write(
    model: type[M],
    plan: _Plan[M, S],
    build: Callable[[S, M | None], M],
    names: list[str],
    now: Any,
) -> dict[str, int]:
    """Create and update ``plan``'s rows, built batch by batch; code → id of each."""
    ids: dict[str, int] = {}
    for batch in chunked(plan.create, BATCH):
        ids.update(_create(model, [build(source, None) for source in batch]))
    for pairs in chunked(plan.update, BATCH):
        instances = []
        for before, source in pairs:
            instance = build(source, before)
            instance.pk = before.pk
            instances.append(instance)
            ids[source.code] = before.pk
        _update(model, instances, names, now)
    return ids


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
        # Kind by kind in dependency order: plan (reads only), then write. Every record
        # was validated first, and it all runs in the caller's transaction.
        counts = {}
        for kind, plan_kind, write_kind in (
            ("communities", self._plan_communities, self._write_communities),
            ("partners", self._plan_partners, self._write_partners),
            ("offerings", self._plan_offerings, self._write_offerings),
            ("meetings", self._plan_meetings, self._write_meetings),
            ("needs", self._plan_needs, self._write_needs),
        ):
            plan: Any = plan_kind()
            counts[kind] = plan.counts
            if not self.dry_run:
                write_kind(plan)
            # Written: the kind's records are not read again, and the next kinds' rows
            # reuse their memory (a city holds hundreds of thousands of them).
            getattr(self.valid, kind).clear()
            del plan
        report = ImportReport(**counts, dry_run=self.dry_run)
        if report.changed and not self.dry_run:
            record_change(everything=True)  # every process rebuilds its matching index
        return report

    # --- building rows as the document describes them (references are linked when the
    # rows are written: what they refer to is written first) ---------------------------

    def _community(self, c: CommunityIn, before: Community | None = None) -> Community:
        return Community(code=c.code, name=c.name, level=c.level, lat=c.lat, lng=c.lng)

    def _partner(self, p: PartnerIn, before: Partner | None = None) -> Partner:
        status: str | None = p.status
        if status is None:
            status = before.status if before is not None else Partner.Status.VERIFIED
        return Partner(
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

    def _offering(self, o: OfferingIn, before: Offering | None = None) -> Offering:
        return Offering(
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

    def _meeting(self, m: MeetingIn, before: LiaisonMeeting | None = None) -> LiaisonMeeting:
        return LiaisonMeeting(code=m.code, date=m.date, title=m.title)

    def _need(self, n: NeedIn, before: Need | None = None) -> Need:
        return Need(
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

    # --- planning: build each stored code's incoming record as the exporter would -----

    def _plan_communities(self) -> _Plan[Community, CommunityIn]:
        communities = self.valid.communities
        stored = _stored(exporter.community_rows, Community, (c.code for c in communities))
        return _plan(
            communities,
            stored,
            lambda c, before: exporter.community_record(self._community(c), parent=c.parent),
        )

    def _plan_partners(self) -> _Plan[Partner, PartnerIn]:
        partners = self.valid.partners
        stored = _stored(exporter.partner_rows, Partner, (p.code for p in partners))
        return _plan(
            partners,
            stored,
            lambda p, before: exporter.partner_record(
                self._partner(p, before), community=p.community, tags=p.tags
            ),
        )

    def _plan_offerings(self) -> _Plan[Offering, OfferingIn]:
        offerings = self.valid.offerings
        stored = _stored(exporter.offering_rows, Offering, (o.code for o in offerings))
        return _plan(
            offerings,
            stored,
            lambda o, before: exporter.offering_record(
                self._offering(o), partner=o.partner, area=_area(o), tags=o.tags
            ),
        )

    def _plan_meetings(self) -> _Plan[LiaisonMeeting, MeetingIn]:
        meetings = self.valid.meetings
        stored = _stored(exporter.meeting_rows, LiaisonMeeting, (m.code for m in meetings))
        return _plan(
            meetings,
            stored,
            lambda m, before: exporter.meeting_record(
                self._meeting(m), community=m.community, attendees=m.attendees
            ),
        )

    def _plan_needs(self) -> _Plan[Need, NeedIn]:
        needs = self.valid.needs
        stored = _stored(exporter.need_rows, Need, (n.code for n in needs))
        return _plan(
            needs,
            stored,
            lambda n, before: exporter.need_record(
                self._need(n), community=n.community, meeting=n.meeting, tags=n.tags
            ),
        )

    # --- writing ---------------------------------------------------------------------

    def _write_communities(self, plan: _Plan[Community, CommunityIn]) -> None:
        # Parent first: a parent's level is always above its child's, so creating level
        # by level means every parent has an id before its children need it.
        created = sorted(plan.create, key=lambda c: DEPTH[c.level])
        for depth in sorted({DEPTH[c.level] for c in created}):
            layer = []
            for c in created:
                if DEPTH[c.level] == depth:
                    instance = self._community(c)
                    instance.parent_id = self.community_ids[c.parent] if c.parent else None
                    layer.append(instance)
            self.community_ids.update(_create(Community, layer))
        updated = []
        for before, c in plan.update:
            instance = self._community(c, before)
            instance.pk = before.pk
            instance.parent_id = self.community_ids[c.parent] if c.parent else None
            updated.append(instance)
        _update(Community, updated, ["name", "level", "parent", "lat", "lng"], None)

    def _write_partners(self, plan: _Plan[Partner, PartnerIn]) -> None:
        def build(p: PartnerIn, before: Partner | None) -> Partner:
            instance = self._partner(p, before)
            instance.community_id = self.community_ids[p.community]
            return instance

        ids = _write(
            Partner,
            plan,
            build,
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
        self.partner_ids.update(ids)
        _replace_tags(Partner, plan, ids)

    def _write_offerings(self, plan: _Plan[Offering, OfferingIn]) -> None:
        def build(o: OfferingIn, before: Offering | None) -> Offering:
            instance = self._offering(o, before)
            instance.partner_id = self.partner_ids[o.partner]
            return instance

        offering_ids = _write(
            Offering,
            plan,
            build,
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
        _delete_in(OfferingArea.objects.all(), "offering_id", [b.pk for b, _ in plan.update])
        OfferingArea.objects.bulk_create(
            (
                OfferingArea(
                    offering_id=offering_ids[o.code],
                    community_id=self.community_ids[code],
                    position=position,
                )
                for o in plan.written
                for position, code in enumerate(_area(o))
            ),
            batch_size=BATCH,
        )
        _replace_tags(Offering, plan, offering_ids)

    def _write_meetings(self, plan: _Plan[LiaisonMeeting, MeetingIn]) -> None:
        def build(m: MeetingIn, before: LiaisonMeeting | None) -> LiaisonMeeting:
            instance = self._meeting(m, before)
            instance.community_id = self.community_ids[m.community]
            return instance

        self.meeting_ids.update(
            _write(LiaisonMeeting, plan, build, ["community", "date", "title"], self.now)
        )
        _delete_in(MeetingAttendee.objects.all(), "meeting_id", [b.pk for b, _ in plan.update])
        MeetingAttendee.objects.bulk_create(
            (
                MeetingAttendee(
                    meeting_id=self.meeting_ids[m.code],
                    partner_id=self.partner_ids[code],
                    position=position,
                )
                for m in plan.written
                for position, code in enumerate(m.attendees)
            ),
            batch_size=BATCH,
        )

    def _write_needs(self, plan: _Plan[Need, NeedIn]) -> None:
        def build(n: NeedIn, before: Need | None) -> Need:
            instance = self._need(n, before)
            instance.community_id = self.community_ids[n.community]
            instance.meeting_id = self.meeting_ids[n.meeting] if n.meeting else None
            return instance

        # Status is left out: it follows the need's life in Jinlin, not the document.
        need_ids = _write(
            Need,
            plan,
            build,
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


def _update(model: type[M], instances: list[M], names: list[str], now: Any) -> None:
    if not instances:
        return
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
    written = [(ids[source.code], list(dict.fromkeys(source.tags))) for source in plan.written]
    if not written:
        return
    content_type = ContentType.objects.get_for_model(model)
    items = TaggedItem.objects.filter(content_type=content_type)
    _delete_in(items, "object_id", [before.pk for before, _ in plan.update])
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
