"""Validation of a ``jinlin-interchange/1`` document (``docs/interchange.md``).

Two passes, both collecting every problem rather than stopping at the first:

1. shape and types, record by record, with pydantic models (``extra="forbid"``, strict
   types: a code is a string, a capacity an integer, never ``"3"``, ``2.5`` or ``true``);
2. references and cross-record rules, resolved against the document and the database:
   parents and their levels, partners, communities, meetings, the service standard
   (categories, beneficiary groups, delivery modes), duplicates and date order.

:func:`validate_document` returns a :class:`ValidDocument` (typed records plus what the
database already holds, so the importer need not look it up again) or raises
:class:`~interchange.errors.InterchangeError`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, Protocol, TypeVar, runtime_checkable

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from core.validators import (
    CODE_LENGTH,
    MAX_COUNT,
    UNSTORABLE,
    code_list_problems,
    code_problem,
    key_path,
    slot_problems,
)
from interchange.errors import InterchangeError
from needs.models import LiaisonMeeting, Need
from partners.models import BeneficiaryGroup, Category, Community, DeliveryMode, Offering, Partner

FORMAT = "jinlin-interchange/1"
# Kinds in the order the spec lists them, which is also the order they must be written.
KINDS = ("communities", "partners", "offerings", "meetings", "needs")
TOP_LEVEL_KEYS = frozenset({"format", *KINDS})
DEPTH = {"district": 0, "street": 1, "community": 2, "station": 3}
NEED_LEVELS = frozenset(Community.NEED_LEVELS)
# Community and station records locate residents; the spec lets only districts and
# streets go without coordinates.
LOCATED_LEVELS = frozenset({"community", "station"})

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> dt.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "iso_date", "expected a date YYYY-MM-DD, got {value}", {"value": _json_repr(value)}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "not a calendar date: {value}", {"value": _json_repr(value)}
        ) from None


def _storable(value: str) -> str:
    found = UNSTORABLE.search(value)
    if found is None:
        return value
    if found.group() == "\x00":
        raise PydanticCustomError("nul_character", "must not contain the NUL character \\x00")
    raise PydanticCustomError(
        "surrogate",
        "must be valid Unicode text, found the lone surrogate {char}",
        {"char": repr(found.group())},
    )


def _code(value: str) -> str:
    problem = code_problem(value)
    if problem is not None:
        raise PydanticCustomError("code", problem)
    return value


def _shared(value: Any) -> Any:
    """A list of codes or of weekly slots with its strings interned (each slot a new
    dict): the standard's codes and the hours repeat across a city's records."""
    if not isinstance(value, list):
        return value
    return [
        sys.intern(item)
        if isinstance(item, str)
        else {k: sys.intern(v) if isinstance(v, str) else v for k, v in item.items()}
        if isinstance(item, dict)
        else item
        for item in value
    ]


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
# Code lists and slots, checked against the standard by core.validators (the one
# implementation the models and the API share), held with their strings shared.
Listed = Annotated[Any, AfterValidator(_shared)]
# Every string of a record ends up in a column: lengths are those of the model fields
# (a longer value would be cut by nothing on SQLite and refused by PostgreSQL).
Text = Annotated[str, AfterValidator(_storable)]
# A code also follows the one code rule (letters, digits, - and _).
Code = Annotated[str, Field(min_length=1, max_length=CODE_LENGTH), AfterValidator(_code)]
# A code another record refers to, held once however many records name it: a city's
# 300,000 offerings name their partners and categories again and again.
Ref = Annotated[Code, AfterValidator(sys.intern)]
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_storable)]
TagName = Annotated[
    str, Field(min_length=1, max_length=100), AfterValidator(_storable), AfterValidator(sys.intern)
]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
# Integers stored in PositiveIntegerField, a 4-byte integer on PostgreSQL.
# Positions of list items are PositiveSmallIntegerFields.
MAX_ITEMS = 32_767


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CommunityIn(_Record):
    code: Code
    name: Name
    level: Literal["district", "street", "community", "station"]
    parent: Ref | None = None
    lat: Latitude | None = None
    lng: Longitude | None = None


class PartnerIn(_Record):
    code: Code
    name: Name
    kind: Literal["unit", "social_org", "resident"]
    unit_type: Literal["", "government", "soe", "enterprise", "school", "hospital"] = ""
    community: Ref
    address: Annotated[Text, Field(max_length=300)] = ""
    lat: Latitude | None = None
    lng: Longitude | None = None
    contact_name: Annotated[Text, Field(max_length=100)] = ""
    phone: Annotated[Text, Field(max_length=32)] = ""
    description: Text = ""
    tags: list[TagName] = Field(default_factory=list)
    # None: not given. New partners then become verified, existing ones keep theirs.
    status: Literal["verified", "pending", "suspended"] | None = None


class ServiceAreaIn(_Record):
    communities: Annotated[list[Ref], Field(max_length=MAX_ITEMS)] | None = None
    radius_km: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ServiceAreaIn:
        if (self.communities is None) == (self.radius_km is None):
            raise PydanticCustomError(
                "area", 'expected either {"communities": [codes]} or {"radius_km": number}'
            )
        return self


# Service areas held once each, however many offerings share one: a city's offerings
# mostly serve one community each, of a few thousand. Bounded, and frozen like every
# record.
SHARED_AREAS = 10_000


@lru_cache(maxsize=SHARED_AREAS)
def _area_of(communities: tuple[str, ...] | None, radius_km: float | None) -> ServiceAreaIn:
    return ServiceAreaIn(
        communities=None if communities is None else list(communities), radius_km=radius_km
    )


def _shared_area(area: ServiceAreaIn) -> ServiceAreaIn:
    communities = None if area.communities is None else tuple(area.communities)
    return _area_of(communities, area.radius_km)


class OfferingIn(_Record):
    code: Code
    partner: Ref
    title: Name
    description: Text = ""
    category: Ref | None = None
    tags: list[TagName] = Field(default_factory=list)
    modes: Listed
    service_area: Annotated[ServiceAreaIn, AfterValidator(_shared_area)] = Field(
        default_factory=lambda: _area_of((), None)
    )
    beneficiaries: Listed = Field(default_factory=list)
    capacity: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    unit: Literal["session", "hour", "person", "item", "yuan"] = "session"
    availability: Listed = Field(default_factory=list)
    valid_from: IsoDate | None = None
    valid_until: IsoDate | None = None
    cost: Literal["free", "low_cost", "paid"] = "free"


class MeetingIn(_Record):
    code: Code
    community: Ref
    date: IsoDate
    title: Name
    attendees: list[Ref] = Field(default_factory=list, max_length=MAX_ITEMS)


class WindowIn(_Record):
    start: IsoDate
    end: IsoDate


class NeedIn(_Record):
    code: Code
    community: Ref
    title: Name
    description: Text = ""
    category: Ref | None = None
    tags: list[TagName] = Field(default_factory=list)
    beneficiaries: Listed = Field(default_factory=list)
    quantity: Annotated[int, Field(ge=1, le=MAX_COUNT)] = 1
    modes: Listed = Field(default_factory=list)
    window: WindowIn
    preferred_slots: Listed = Field(default_factory=list)
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    source: Literal["meeting", "resident", "survey"] = "survey"
    meeting: Ref | None = None


RECORD_MODELS: dict[str, type[_Record]] = {
    "communities": CommunityIn,
    "partners": PartnerIn,
    "offerings": OfferingIn,
    "meetings": MeetingIn,
    "needs": NeedIn,
}


@dataclass(frozen=True)
class Known:
    """What the database already holds that a document may refer to."""

    community_ids: Mapping[str, int]
    community_levels: Mapping[str, str]
    community_parents: Mapping[str, str | None]  # code → parent code
    partner_ids: Mapping[str, int]
    meeting_ids: Mapping[str, int]
    categories: frozenset[str]
    groups: frozenset[str]
    modes: frozenset[str]

    @classmethod
    def load(cls) -> Known:
        """Seven queries, whatever the size of the database."""
        rows = list(Community.objects.values_list("id", "code", "level", "parent_id"))
        code_of = {cid: code for cid, code, _, _ in rows}
        return cls(
            community_ids={code: cid for cid, code, _, _ in rows},
            community_levels={code: level for _, code, level, _ in rows},
            community_parents={
                code: code_of[pid] if pid is not None else None for _, code, _, pid in rows
            },
            partner_ids=dict(Partner.objects.values_list("code", "id")),
            meeting_ids=dict(LiaisonMeeting.objects.values_list("code", "id")),
            categories=frozenset(Category.objects.values_list("code", flat=True)),
            groups=frozenset(BeneficiaryGroup.objects.values_list("code", flat=True)),
            modes=frozenset(DeliveryMode.objects.values_list("code", flat=True)),
        )


@dataclass(frozen=True)
class ValidDocument:
    """A document that passed both passes; records keep the document's order."""

    communities: list[CommunityIn]
    partners: list[PartnerIn]
    offerings: list[OfferingIn]
    meetings: list[MeetingIn]
    needs: list[NeedIn]
    known: Known


@dataclass(frozen=True)
class Reach:
    """The part of the community tree an importer administers (her roles' communities and
    everything under them), for an import made by someone other than a platform
    administrator. Every record of such an import must lie inside it before and after,
    and no partner's verification status may change through it."""

    community_ids: frozenset[int]


OUTSIDE = "不在您的管辖范围 / outside your area"
STATUS_BY_REVIEW = (
    "认证状态只能通过审核更改 / a partner's status changes only through verification, "
    "with its reason"
)


@runtime_checkable
class StreamedDocument(Protocol):
    """A document read from its file a record at a time
    (:class:`interchange.files.JsonStream`): ``items()`` gives its top-level keys and
    values in the file's order, each list of records as an iterator read once."""

    def items(self) -> Iterable[tuple[str, object]]: ...


_MISSING = object()


def validate_document(
    doc: object, *, reach: Reach | None = None, release: bool = False
) -> ValidDocument:
    """Check ``doc`` (parsed JSON, or a :class:`StreamedDocument`) against the spec and
    the database.

    With ``release`` the caller hands ``doc`` over: each record is dropped from its list
    once it is read, so that a city's records are held once, not twice.

    With ``reach`` (an import by an area's administrator) every record must also lie
    inside that area before and after the import (:func:`_reach_problems`). Raises
    :class:`InterchangeError` listing every problem found. Reads the database (a bounded
    number of queries), never writes.
    """
    if not isinstance(doc, dict) and not isinstance(doc, StreamedDocument):
        raise InterchangeError(
            [f'document: expected a JSON object with "format": "{FORMAT}", got {_json_type(doc)}']
        )
    known = Known.load()
    found_format: object = _MISSING
    unknown: list[str] = []
    # Per kind, each well-shaped record with its index in the document, so problems found
    # later still point at the record the user wrote, even when records before it were
    # dropped; and the problems of its records' shape, and of codes given twice.
    parsed: dict[str, list[tuple[int, Any]]] = {kind: [] for kind in KINDS}
    shape: dict[str, list[str]] = {kind: [] for kind in KINDS}
    duplicates: dict[str, list[str]] = {kind: [] for kind in KINDS}
    # Codes of records whose shape was wrong still count as declared, so that records
    # referring to them do not add misleading "unknown code" problems.
    declared: dict[str, set[str]] = {}
    # In the document's order: a streamed document gives each kind's records once.
    for key, value in doc.items():
        if key == "format":
            found_format = value
        elif key not in TOP_LEVEL_KEYS:
            unknown.append(f"{key_path('', key)}: unknown key")
        elif isinstance(value, list | Iterator):
            declared[key] = set()
            parsed[key] = _parse_records(
                key,
                value,
                known,
                shape[key],
                duplicates[key],
                declared[key],
                release=release,
            )
        else:
            shape[key].append(f"{key}: expected a list of records, got {_json_type(value)}")

    problems: list[str] = []
    if found_format is _MISSING:
        problems.append(f"format: required, expected {FORMAT!r}")
    elif found_format != FORMAT:
        problems.append(f"format: expected {FORMAT!r}, got {found_format!r}")
    problems += unknown
    for kind in KINDS:
        problems += shape[kind]
    for kind in KINDS:
        problems += duplicates[kind]
    problems.extend(_reference_problems(parsed, declared, known))
    if reach is not None:
        problems.extend(_reach_problems(parsed, known, reach))
    if problems:
        raise InterchangeError(problems)
    records = {kind: [record for _, record in rows] for kind, rows in parsed.items()}
    return ValidDocument(**records, known=known)


def _parse_records(
    kind: str,
    raw: list[Any] | Iterator[Any],
    known: Known,
    problems: list[str],
    duplicates: list[str],
    declared: set[str],
    *,
    release: bool = False,
) -> list[tuple[int, Any]]:
    """Records that have the right shape, with their index in ``raw``; problems of the
    others go to ``problems``, codes given twice to ``duplicates`` (every record after
    the first), each record's code to ``declared``. With ``release`` each is dropped from
    ``raw`` (a list) once read; records streamed from a file are read once anyway."""
    model = RECORD_MODELS[kind]
    valid: list[tuple[int, Any]] = []
    for i, record in enumerate(raw):
        path = f"{kind}[{i}]"
        if not isinstance(record, dict):
            problems.append(f"{path}: expected an object, got {_json_type(record)}")
            continue
        code = record.get("code")
        if isinstance(code, str):
            if code in declared:
                duplicates.append(f"{path}.code: duplicate code {code!r} in this document")
            declared.add(code)
        # Checked on the raw value so they are reported even when other keys are wrong.
        problems.extend(_standard_problems(kind, record, path, known))
        try:
            valid.append((i, model.model_validate(record)))
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, path))
        if release and isinstance(raw, list):
            raw[i] = None
    return valid


def _standard_problems(kind: str, record: dict[str, Any], path: str, known: Known) -> list[str]:
    """Code lists from the service standard and weekly slots."""
    problems: list[str] = []
    if kind == "offerings" or kind == "needs":
        if "modes" in record or kind == "needs":
            problems += code_list_problems(
                record.get("modes", []),
                known.modes,
                f"{path}.modes",
                what="delivery mode",
                non_empty=kind == "offerings",
            )
        problems += code_list_problems(
            record.get("beneficiaries", []),
            known.groups,
            f"{path}.beneficiaries",
            what="beneficiary group",
        )
        slots_key = "availability" if kind == "offerings" else "preferred_slots"
        problems += slot_problems(record.get(slots_key, []), f"{path}.{slots_key}")
        category = record.get("category")
        if isinstance(category, str) and category not in known.categories:
            problems.append(f"{path}.category: unknown category {category!r}")
    return problems


def _reference_problems(
    parsed: Mapping[str, list[tuple[int, Any]]], declared: Mapping[str, set[str]], known: Known
) -> list[str]:
    problems: list[str] = []
    communities: list[tuple[int, CommunityIn]] = parsed["communities"]

    # The tree as it will be after the import: the database overlaid with the document.
    # None: declared by a record too malformed to tell its level.
    levels: dict[str, str | None] = dict(known.community_levels)
    levels.update(dict.fromkeys(declared.get("communities", set()) - set(levels)))
    for _, c in communities:
        levels[c.code] = c.level

    def community_ref(code: str, path: str) -> None:
        if code not in levels:
            problems.append(f"{path}: unknown community code {code!r}")

    doc_codes = {c.code for _, c in communities}
    for i, c in communities:
        path = f"communities[{i}]"
        if c.parent is None:
            if c.level != "district":
                problems.append(f"{path}.parent: only a district may have no parent")
        elif c.parent == c.code:
            problems.append(f"{path}.parent: a community cannot be its own parent")
        elif c.parent not in levels:
            problems.append(f"{path}.parent: unknown community code {c.parent!r}")
        elif (parent_level := levels[c.parent]) and DEPTH[c.level] <= DEPTH[parent_level]:
            problems.append(
                f"{path}.level: a {c.level} cannot sit under a {parent_level} ({c.parent!r})"
            )
        if c.level in LOCATED_LEVELS:
            problems.extend(
                f"{path}.{key}: required for a {c.level}"
                for key in ("lat", "lng")
                if getattr(c, key) is None
            )
    # Every parent sits strictly above its child (checked above for the document's records,
    # below for the stored children of a record the document changes), so the tree after
    # the import can hold no cycle.
    # Communities already in the database whose parent the document changes the level of.
    for code, parent in known.community_parents.items():
        if code in doc_codes or parent not in doc_codes:
            continue
        level, parent_level = levels[code], levels[parent]
        if level and parent_level and DEPTH[level] <= DEPTH[parent_level]:
            problems.append(
                f"communities: {parent!r} cannot become a {levels[parent]}: "
                f"it holds the {levels[code]} {code!r}"
            )

    partner_codes = set(known.partner_ids) | declared.get("partners", set())
    for i, p in parsed["partners"]:
        path = f"partners[{i}]"
        community_ref(p.community, f"{path}.community")
        if p.unit_type and p.kind != "unit":
            problems.append(f"{path}.unit_type: only a unit has a unit_type, this is a {p.kind}")

    for i, o in parsed["offerings"]:
        path = f"offerings[{i}]"
        if o.partner not in partner_codes:
            problems.append(f"{path}.partner: unknown partner code {o.partner!r}")
        area = o.service_area.communities or []
        for j, code in enumerate(area):
            community_ref(code, f"{path}.service_area.communities[{j}]")
        problems.extend(_repeats(area, f"{path}.service_area.communities", "community"))
        if o.valid_from and o.valid_until and o.valid_until < o.valid_from:
            problems.append(f"{path}.valid_until: must not be before valid_from {o.valid_from}")

    meeting_codes = set(known.meeting_ids) | declared.get("meetings", set())
    for i, m in parsed["meetings"]:
        path = f"meetings[{i}]"
        community_ref(m.community, f"{path}.community")
        for j, code in enumerate(m.attendees):
            if code not in partner_codes:
                problems.append(f"{path}.attendees[{j}]: unknown partner code {code!r}")
        problems.extend(_repeats(m.attendees, f"{path}.attendees", "partner"))

    for i, n in parsed["needs"]:
        path = f"needs[{i}]"
        if n.community not in levels:
            problems.append(f"{path}.community: unknown community code {n.community!r}")
        elif levels[n.community] not in (*NEED_LEVELS, None):
            problems.append(
                f"{path}.community: a need belongs to a community or station, "
                f"{n.community!r} is a {levels[n.community]}"
            )
        if n.meeting is not None and n.meeting not in meeting_codes:
            problems.append(f"{path}.meeting: unknown meeting code {n.meeting!r}")
        if n.window.end < n.window.start:
            problems.append(f"{path}.window.end: must not be before start {n.window.start}")
    return problems


def _stored_homes(model: type[Any], column: str, codes: Iterable[str]) -> dict[str, Any]:
    """``code -> column`` of the stored rows among ``codes``, read in chunks."""
    found: dict[str, Any] = {}
    for chunk in chunked(sorted(set(codes))):
        found.update(model.objects.filter(code__in=chunk).values_list("code", column))
    return found


def _reach_problems(
    parsed: Mapping[str, list[tuple[int, Any]]], known: Known, reach: Reach
) -> list[str]:
    """Records that lie, or would come to lie, outside ``reach``.

    A stored record must be inside the area now (its own code for a community, its home
    community for a partner, its partner's for an offering, its community for a meeting
    or need), and every record must be inside it in the tree as the import leaves it, so
    that nothing is written, renamed or moved in another area and no other area is moved
    under this one. The area's own top records keep their parents. A record outside is
    reported the same way whether or not the code exists, so the check reveals nothing
    of records the importer may not see.
    """
    code_of = {cid: code for code, cid in known.community_ids.items()}
    inside_now = {code_of[cid] for cid in reach.community_ids if cid in code_of}
    tops = {c for c in inside_now if known.community_parents.get(c) not in inside_now}
    parents = dict(known.community_parents)
    for _, c in parsed["communities"]:
        parents[c.code] = c.parent

    def inside_after(code: str | None) -> bool:
        for _ in range(len(DEPTH) + 1):  # the tree is at most four levels deep
            if code is None:
                return False
            if code in tops:
                return True
            code = parents.get(code)
        return False

    problems: list[str] = []
    for i, c in parsed["communities"]:
        path = f"communities[{i}]"
        if c.code in known.community_ids and c.code not in inside_now:
            problems.append(f"{path}.code: {OUTSIDE}")
        elif c.code in tops:
            if c.parent != known.community_parents.get(c.code):
                problems.append(f"{path}.parent: {OUTSIDE}")
        elif not inside_after(c.parent):
            problems.append(f"{path}.parent: {OUTSIDE}")

    partner_rows = {
        code: (community_id, status)
        for code, community_id, status in (
            row
            for chunk in chunked(sorted({p.code for _, p in parsed["partners"]}))
            for row in Partner.objects.filter(code__in=chunk).values_list(
                "code", "community_id", "status"
            )
        )
    }
    partner_home = {code: code_of.get(cid) for code, (cid, _) in partner_rows.items()}
    for i, p in parsed["partners"]:
        path = f"partners[{i}]"
        stored = partner_rows.get(p.code)
        if stored is not None and code_of.get(stored[0]) not in inside_now:
            problems.append(f"{path}.code: {OUTSIDE}")
            continue
        if not inside_after(p.community):
            problems.append(f"{path}.community: {OUTSIDE}")
        if stored is not None and p.status is not None and p.status != stored[1]:
            problems.append(f"{path}.status: {STATUS_BY_REVIEW}")
    # Partners as the import leaves them: the document's, else the stored ones.
    homes_after = {**partner_home, **{p.code: p.community for _, p in parsed["partners"]}}
    missing = {o.partner for _, o in parsed["offerings"]} - set(homes_after)
    for code, cid in _stored_homes(Partner, "community_id", missing).items():
        homes_after[code] = code_of.get(cid)
    offering_homes = _stored_homes(
        Offering, "partner__community_id", (o.code for _, o in parsed["offerings"])
    )
    for i, o in parsed["offerings"]:
        path = f"offerings[{i}]"
        if o.code in offering_homes and code_of.get(offering_homes[o.code]) not in inside_now:
            problems.append(f"{path}.code: {OUTSIDE}")
        elif not inside_after(homes_after.get(o.partner)):
            problems.append(f"{path}.partner: {OUTSIDE}")

    for kind, model in (("meetings", LiaisonMeeting), ("needs", Need)):
        stored_homes = _stored_homes(model, "community_id", (r.code for _, r in parsed[kind]))
        for i, record in parsed[kind]:
            path = f"{kind}[{i}]"
            if record.code in stored_homes and code_of.get(stored_homes[record.code]) not in (
                inside_now
            ):
                problems.append(f"{path}.code: {OUTSIDE}")
            elif not inside_after(record.community):
                problems.append(f"{path}.community: {OUTSIDE}")
    # A need of her area may be raised only at a meeting of her area.
    meeting_homes = {m.code: m.community for _, m in parsed["meetings"]}
    missing = {n.meeting for _, n in parsed["needs"] if n.meeting} - set(meeting_homes)
    for code, cid in _stored_homes(LiaisonMeeting, "community_id", missing).items():
        meeting_homes[code] = code_of.get(cid)
    for i, n in parsed["needs"]:
        if n.meeting is not None and not inside_after(meeting_homes.get(n.meeting)):
            problems.append(f"needs[{i}].meeting: {OUTSIDE}")
    return problems


def _repeats(codes: Sequence[str], path: str, what: str) -> list[str]:
    return [f"{path}: {what} {code!r} listed twice" for code, n in Counter(codes).items() if n > 1]


# --- pydantic errors as ``path: message`` -------------------------------------------------

_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "list_type": "a list",
    "bool_type": "true or false",
    "model_type": "an object",
    "dict_type": "an object",
    "model_attributes_type": "an object",
}


def pydantic_problems(exc: ValidationError, prefix: str) -> list[str]:
    """Turn pydantic's errors into readable ``path: message`` lines under ``prefix``."""
    problems = []
    for err in exc.errors(include_url=False):
        path = prefix
        for step in err["loc"]:
            path = f"{path}[{step}]" if isinstance(step, int) else key_path(path, step)
        problems.append(f"{path}: {_message(err)}")
    return problems


def _message(err: Mapping[str, Any]) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required"
    if kind in _TYPE_NAMES:
        return f"expected {_TYPE_NAMES[kind]}, got {_json_repr(value)}"
    if kind == "literal_error":
        options = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return f"expected one of {options}, got {_json_repr(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {_json_repr(ctx['ge'])}, got {_json_repr(value)}"
    if kind == "greater_than":
        return f"must be more than {_json_repr(ctx['gt'])}, got {_json_repr(value)}"
    if kind == "less_than_equal":
        return f"must be at most {_json_repr(ctx['le'])}, got {_json_repr(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters"
    if kind == "too_long":
        what = "characters" if isinstance(value, str) else "items"
        return f"must be at most {ctx['max_length']} {what}"
    if kind == "string_unicode" and isinstance(value, str):
        # pydantic refuses lone surrogates in keys and some values before our validators.
        found = UNSTORABLE.search(value)
        char = repr(found.group()) if found else "character"
        if not err["loc"]:
            return f"the key {value!r} is not valid Unicode text, found the lone surrogate {char}"
        return f"must be valid Unicode text, found the lone surrogate {char}"
    if kind == "finite_number":
        return f"expected a finite number, got {_json_repr(value)}"
    return str(err["msg"])


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _json_repr(value: object) -> str:
    """Values as they look in JSON: ``"3"``, ``2.5``, ``true``, ``null``."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, str):
        # Cut, so that a pasted chapter does not become a problem of the same length.
        return repr(value) if len(value) <= 60 else f"{value[:50]!r}… ({len(value)} characters)"
    if isinstance(value, dict | list):
        return _json_type(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


T = TypeVar("T")


def chunked(items: Iterable[T], size: int = 500) -> Iterable[list[T]]:
    """Lists of at most ``size`` items: keeps ``IN (...)`` under every backend's limit."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
