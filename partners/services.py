"""Writes for partners and their offerings: registration, updates, verification.

Every function here is keyword-only, checks who may do it (the ``can_*`` rules at the
top are the one place those decisions live for this app), validates the domain rules
and raises :class:`config.errors.InvalidInputError` naming the field at fault. The API,
the pages and the admin all call these, so the rules cannot diverge.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypedDict

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from config.errors import ConflictError, InvalidInputError, has_perm, require
from matching.engine.quarters import FIRST_YEAR, LAST_YEAR
from matching.services import record_change
from partners.models import (
    AuditEvent,
    BeneficiaryGroup,
    Category,
    Community,
    ConsentRecord,
    DeliveryMode,
    Offering,
    OfferingArea,
    Partner,
    Role,
)
from partners.selectors import partners_visible_to, scope_of
from partners.validators import (
    CODE_LENGTH,
    UNSTORABLE,
    code_list_problems,
    code_problem,
    slot_problems,
)

Actor = AbstractBaseUser | AnonymousUser

# --- Who may write ------------------------------------------------------------------------
# The decisions behind the rule set in ``partners/rules.py``; callers ask
# ``actor.has_perm("partners.…", obj)``.


def can_administer(actor: Actor, community_id: int | None) -> bool:
    """Superusers, and secretaries/street/district administrators whose area holds it."""
    scope = scope_of(actor)
    return scope.everything or (community_id is not None and community_id in scope.area_ids)


def can_edit_partner(actor: Actor, partner: Partner) -> bool:
    """Administrators over the partner's home community and the partner's own members."""
    return can_administer(actor, partner.community_id) or partner.pk in scope_of(actor).partner_ids


def can_set_partner_status(actor: Actor, partner: Partner) -> bool:
    """Verification belongs to the administrators of the partner's home community."""
    return can_administer(actor, partner.community_id)


def can_manage_offerings(actor: Actor, partner: Partner) -> bool:
    """A partner's members keep its offerings; its community's administrators may too."""
    return can_edit_partner(actor, partner)


# --- Shared validation helpers ------------------------------------------------------------


class Problems:
    """Collects ``field: message`` problems and raises them together."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def add_paths(self, problems: Iterable[str]) -> None:
        """Take the validators' ``"path: message"`` strings."""
        for problem in problems:
            path, _, message = problem.partition(": ")
            self.add(path, message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields))
            raise InvalidInputError(f"{first}: {self.fields[first][0]}", fields=self.fields)


def new_code(model: type[models.Model], prefix: str) -> str:
    """A fresh code for a record created without one (a resident's phone does not invent
    codes). Random rather than sequential so concurrent writers do not collide."""
    manager = model._default_manager
    while True:
        code = f"{prefix}-{secrets.token_hex(4).upper()}"
        if not manager.filter(code=code).exists():
            return code


def check_new_code(
    problems: Problems, model: type[models.Model], code: str | None, prefix: str
) -> str:
    """The code to create a record under: the one given if unused, else a fresh one."""
    if code is None or code == "":
        return new_code(model, prefix)
    problem = code_problem(code)
    if problem is not None:
        problems.add("code", problem)
        return code
    if model._default_manager.filter(code=code).exists():
        problems.add("code", f"code {code!r} is already used")
    return code


def check_code_unchanged(problems: Problems, data: Mapping[str, Any], current: str) -> None:
    # Codes are the stable external ids of the interchange format; renaming one would
    # break every document and spreadsheet that refers to the record.
    if "code" in data and data["code"] not in (None, "", current):
        problems.add("code", "a code never changes once given")


def check_category(problems: Problems, code: str | None, field: str = "category") -> None:
    if code is not None and not Category.objects.filter(code=code).exists():
        problems.add(field, f"unknown category {code!r}")


def check_modes(problems: Problems, modes: Any, field: str = "modes") -> None:
    allowed = set(DeliveryMode.objects.values_list("code", flat=True))
    problems.add_paths(code_list_problems(modes, allowed, field, what="mode", non_empty=True))


def check_beneficiaries(problems: Problems, groups: Any, field: str = "beneficiaries") -> None:
    allowed = set(BeneficiaryGroup.objects.values_list("code", flat=True))
    problems.add_paths(code_list_problems(groups, allowed, field, what="beneficiary group"))


def check_slots(problems: Problems, slots: Any, field: str) -> None:
    problems.add_paths(slot_problems(slots, field))


class Categorised(Protocol):
    """An offering or a need: anything filed under a service category."""

    category_id: str | None


def apply_standard_fields(
    problems: Problems, record: Categorised, data: Mapping[str, Any], *, slots: str
) -> None:
    """Check the fields offerings and needs share with the service standard: category,
    delivery modes, beneficiary groups and the weekly slots held under ``slots``
    (``availability`` or ``preferred_slots``); set the category on ``record``."""
    if "category" in data:
        check_category(problems, data["category"])
        record.category_id = data["category"]
    if "modes" in data:
        check_modes(problems, data["modes"])
    if "beneficiaries" in data:
        check_beneficiaries(problems, data["beneficiaries"])
    if slots in data:
        check_slots(problems, data[slots], slots)


def check_text_length(problems: Problems, field: str, text: Any) -> None:
    """Free text (a description, a comment) is refused past ``settings.TEXT_MAX_LENGTH``
    characters, naming the field and the limit."""
    limit = int(settings.TEXT_MAX_LENGTH)
    if isinstance(text, str) and len(text) > limit:
        problems.add(field, f"at most {limit} characters (got {len(text)})")


def check_date(problems: Problems, field: str, day: Any) -> None:
    """A date is refused outside the years quarters may name (``FIRST_YEAR`` to
    ``LAST_YEAR``): ``9999-12-31`` has no next day nor a next quarter to plan in."""
    if isinstance(day, dt.date) and not FIRST_YEAR <= day.year <= LAST_YEAR:
        problems.add(field, f"a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31, got {day}")


def clean_tags(problems: Problems, tags: Any, field: str = "tags") -> list[str]:
    """Tag names stripped, without blanks or repeats, in the order given."""
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.add(field, "expected a list of strings")
        return []
    out: list[str] = []
    for tag in (t.strip() for t in tags):
        if not tag:
            problems.add(field, "a tag cannot be blank")
        elif len(tag) > 100:
            problems.add(field, f"tag {tag[:20]!r}… is longer than 100 characters")
        elif tag not in out:
            out.append(tag)
    return out


def find_community(code: str | None, *, levels: Iterable[str] | None = None) -> Community:
    """The community with this code (and of one of ``levels``, when given); raises
    ``InvalidInputError`` on ``community`` otherwise. Checked first because who may write
    depends on it."""
    problems = Problems()
    community = resolve_community(problems, code)
    levels = tuple(levels) if levels is not None else None
    if community is not None and levels is not None and community.level not in levels:
        problems.add("community", f"expected a {' or '.join(levels)}, got a {community.level}")
    problems.raise_if_any()
    assert community is not None  # noqa: S101 - raise_if_any reported the missing one
    return community


def resolve_community(
    problems: Problems, code: str | None, field: str = "community"
) -> Community | None:
    """The community with this code, or ``None`` after recording the problem."""
    if not code:
        problems.add(field, "required")
        return None
    community = Community.objects.filter(code=code).first()
    if community is None:
        problems.add(field, f"unknown community code {code!r}")
    return community


# --- Partners -----------------------------------------------------------------------------


class PartnerData(TypedDict, total=False):
    """Partner fields as the interchange format names them; references are codes."""

    code: str
    name: str
    kind: str
    unit_type: str
    community: str
    address: str
    lat: float | None
    lng: float | None
    contact_name: str
    phone: str
    description: str
    tags: list[str]
    status: str


_PARTNER_PLAIN: tuple[str, ...] = ("name", "kind", "unit_type", "address", "lat", "lng")
_PARTNER_PLAIN += ("contact_name", "phone", "description")


def _check_partner_shape(problems: Problems, partner: Partner) -> None:
    if partner.kind not in Partner.Kind.values:
        problems.add("kind", f"unknown kind {partner.kind!r}")
    if partner.unit_type and partner.kind != Partner.Kind.UNIT:
        problems.add("unit_type", "only a unit has a unit type")
    if partner.unit_type not in Partner.UnitType.values:
        problems.add("unit_type", f"unknown unit type {partner.unit_type!r}")
    if not partner.name.strip():
        problems.add("name", "required")
    check_text_length(problems, "description", partner.description)


@transaction.atomic
def partner_register(*, actor: Actor, data: PartnerData, consent: bool = False) -> Partner:
    """Register a partner.

    Anyone signed in may register one; it is ``pending`` until an administrator of its
    home community verifies it, and a registering user who does not administer that
    community becomes its member (so they can keep its offerings). Such a user must have
    agreed to the registration notice (``consent``), which is then recorded
    (``ConsentRecord``); without it nothing is written. An administrator
    over the home community registers it ``verified`` unless ``data["status"]`` says
    otherwise, and is recorded as the one who set the status.

    Raises ``NotAllowedError`` when a non-administrator sets a status other than
    ``pending``, ``InvalidInputError`` (fields named) for unknown codes, a used code,
    a unit type on a non-unit, or a missing ``consent``.
    """
    require(has_perm(actor, "partners.register_partner"), "sign in to register a partner")
    problems = Problems()
    community = resolve_community(problems, data.get("community"))
    if not can_administer(actor, community.pk if community is not None else None):
        check_consent(problems, consent)
    code = check_new_code(problems, Partner, data.get("code"), "P")
    tags = clean_tags(problems, data.get("tags", []))
    partner = Partner(code=code, community=community)
    for key in _PARTNER_PLAIN:
        if key in data:
            setattr(partner, key, data[key])  # type: ignore[literal-required]
    _check_partner_shape(problems, partner)
    problems.raise_if_any()

    administers = can_administer(actor, partner.community_id)
    status = data.get("status")
    if administers:
        partner.status = status or Partner.Status.VERIFIED
        partner.status_changed_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
        partner.status_changed_at = timezone.now()
    else:
        require(
            status in (None, Partner.Status.PENDING),
            "only the administrators of its community set a partner's status",
            "status",
        )
        partner.status = Partner.Status.PENDING
    partner.save()
    partner.tags.set(tags)
    member_id = scope_of(actor).user_id
    if not administers and member_id is not None:
        Role.objects.create(user_id=member_id, kind=Role.Kind.PARTNER_MEMBER, partner=partner)
        consent_record(
            actor=actor, purpose=ConsentRecord.Purpose.PARTNER_REGISTRATION, record=partner.code
        )
    record_change(partners=[partner.code])
    return partner


@transaction.atomic
def partner_update(*, actor: Actor, partner: Partner, data: PartnerData) -> Partner:
    """Change a partner's details; keys absent from ``data`` keep their value.

    Administrators over its home community (and over the new one, when moving it) and
    the partner's own members may do this. Members may change neither the status
    (that is verification, see :func:`partner_set_status`) nor the home community (the
    community that verified it would lose sight of it). The code never changes.
    """
    require(has_perm(actor, "partners.edit_partner", partner), "you may not change this partner")
    problems = Problems()
    check_code_unchanged(problems, data, partner.code)
    administers = can_administer(actor, partner.community_id)
    if "community" in data and data["community"] != partner.community.code:
        require(administers, "only an administrator moves a partner", "community")
        community = resolve_community(problems, data["community"])
        if community is not None:
            require(
                can_administer(actor, community.pk),
                "the new community lies outside your area",
                "community",
            )
            partner.community = community
    tags = clean_tags(problems, data["tags"]) if "tags" in data else None
    for key in _PARTNER_PLAIN:
        if key in data:
            setattr(partner, key, data[key])  # type: ignore[literal-required]
    _check_partner_shape(problems, partner)
    problems.raise_if_any()
    partner.save()
    if tags is not None:
        partner.tags.set(tags)
    record_change(partners=[partner.code])
    if "status" in data and data["status"] != partner.status:
        require(administers, "only the administrators of its community verify", "status")
        partner_set_status(actor=actor, partner=partner, status=data["status"])
    return partner


@transaction.atomic
def partner_set_status(*, actor: Actor, partner: Partner, status: str, reason: str = "") -> Partner:
    """Verify, suspend or reset a partner to pending, recording who, when and why.

    Only administrators over the partner's home community may. Locks the partner row
    (``SELECT … FOR UPDATE``) so two reviewers deciding at once leave one consistent
    record of who decided.
    """
    require(
        has_perm(actor, "partners.verify_partner", partner),
        "only the administrators of its community verify a partner",
    )
    if status not in Partner.Status.values:
        raise InvalidInputError(
            f"unknown status {status!r}", fields={"status": [f"unknown status {status!r}"]}
        )
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    locked.status = status
    locked.status_reason = reason
    locked.status_changed_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
    locked.status_changed_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "status_reason",
            "status_changed_by",
            "status_changed_at",
            "updated_at",
        ]
    )
    for key in ("status", "status_reason", "status_changed_by", "status_changed_at"):
        setattr(partner, key, getattr(locked, key))
    partner.updated_at = locked.updated_at
    record_change(partners=[partner.code])
    return partner


# --- Offerings ----------------------------------------------------------------------------


class ServiceArea(TypedDict, total=False):
    """Either a list of community codes or a radius from the partner, never both."""

    communities: list[str]
    radius_km: float


class OfferingData(TypedDict, total=False):
    """Offering fields as the interchange format names them; references are codes."""

    code: str
    partner: str
    title: str
    description: str
    category: str | None
    tags: list[str]
    modes: list[str]
    service_area: ServiceArea
    beneficiaries: list[str]
    capacity: int
    unit: str
    availability: list[dict[str, Any]]
    valid_from: Any
    valid_until: Any
    cost: str


_OFFERING_PLAIN: tuple[str, ...] = (
    "title",
    "description",
    "modes",
    "beneficiaries",
    "capacity",
    "unit",
)
_OFFERING_PLAIN += ("availability", "valid_from", "valid_until", "cost")


def _check_service_area(problems: Problems, area: Any) -> list[Community] | float | None:
    """The listed communities in order, or the radius; ``None`` when invalid."""
    if not isinstance(area, dict) or len(area) != 1 or not {"communities", "radius_km"} & set(area):
        problems.add("service_area", 'expected {"communities": [codes]} or {"radius_km": n}')
        return None
    if "radius_km" in area:
        radius = area["radius_km"]
        if isinstance(radius, bool) or not isinstance(radius, int | float) or radius <= 0:
            problems.add("service_area.radius_km", "expected a number greater than 0")
            return None
        try:
            return float(radius)
        except OverflowError:  # an integer of hundreds of digits
            problems.add("service_area.radius_km", "expected a finite number")
            return None
    codes = area["communities"]
    found = (
        # Only strings that can be codes are looked up: PostgreSQL refuses NUL in a query.
        {
            c.code: c
            for c in Community.objects.filter(
                code__in=[c for c in codes if len(c) <= CODE_LENGTH and not UNSTORABLE.search(c)]
            )
        }
        if isinstance(codes, list) and all(isinstance(c, str) for c in codes)
        else {}
    )
    issues = code_list_problems(codes, found, "service_area.communities", what="community code")
    problems.add_paths(issues)
    return None if issues else [found[c] for c in codes]


def _check_offering(problems: Problems, offering: Offering) -> None:
    if not offering.title.strip():
        problems.add("title", "required")
    check_text_length(problems, "description", offering.description)
    if offering.capacity is None or offering.capacity < 0:
        problems.add("capacity", "must be 0 or more")
    if offering.unit not in Offering.Unit.values:
        problems.add("unit", f"unknown unit {offering.unit!r}")
    if offering.cost not in Offering.Cost.values:
        problems.add("cost", f"unknown cost {offering.cost!r}")
    check_date(problems, "valid_from", offering.valid_from)
    check_date(problems, "valid_until", offering.valid_until)
    if (
        offering.valid_from is not None
        and offering.valid_until is not None
        and offering.valid_until < offering.valid_from
    ):
        problems.add("valid_until", "must not be before valid_from")


def _apply_offering(problems: Problems, offering: Offering, data: OfferingData) -> Any:
    """Copy ``data`` onto ``offering``; return the checked service area (or ``...``)."""
    for key in _OFFERING_PLAIN:
        if key in data:
            setattr(offering, key, data[key])  # type: ignore[literal-required]
    apply_standard_fields(problems, offering, data, slots="availability")
    _check_offering(problems, offering)
    return _check_service_area(problems, data["service_area"]) if "service_area" in data else ...


def _save_service_area(offering: Offering, area: list[Community] | float) -> None:
    OfferingArea.objects.filter(offering=offering).delete()
    if isinstance(area, float):
        offering.area_radius_km = area
    else:
        offering.area_radius_km = None
        OfferingArea.objects.bulk_create(
            OfferingArea(offering=offering, community=c, position=i) for i, c in enumerate(area)
        )
    offering.save(update_fields=["area_radius_km"])


@transaction.atomic
def offering_create(*, actor: Actor, data: OfferingData) -> Offering:
    """Add an offering to the partner whose code is ``data["partner"]`` (looked up among
    the partners the actor sees, so others answer "unknown"). Its members and its home
    community's administrators may. ``modes`` needs at least
    one known mode; categories, beneficiary groups and service-area communities must
    exist; ``capacity`` ≥ 0; ``valid_until`` ≥ ``valid_from``. Without a service area
    the offering serves its partner's home community."""
    problems = Problems()
    code_given = data.get("partner")
    partner = partners_visible_to(actor).select_related("community").filter(code=code_given).first()
    if partner is None:
        problems.add("partner", f"unknown partner code {code_given!r}")
        problems.raise_if_any()
    assert partner is not None  # noqa: S101 - raise_if_any reported the missing one
    require(
        has_perm(actor, "partners.add_offering", partner),
        "you may not add offerings to this partner",
    )
    code = check_new_code(problems, Offering, data.get("code"), "O")
    tags = clean_tags(problems, data.get("tags", []))
    offering = Offering(code=code, partner=partner)
    if "modes" not in data:
        problems.add("modes", "required")
    if "capacity" not in data:
        problems.add("capacity", "required")
    area = _apply_offering(problems, offering, data)
    problems.raise_if_any()
    offering.save()
    offering.tags.set(tags)
    _save_service_area(offering, [partner.community] if area is ... else area)
    record_change(offerings=[offering.code])
    return offering


@transaction.atomic
def offering_update(*, actor: Actor, offering: Offering, data: OfferingData) -> Offering:
    """Change an offering; keys absent from ``data`` keep their value. Same rules as
    :func:`offering_create`; neither the code nor the partner changes."""
    require(has_perm(actor, "partners.edit_offering", offering), "you may not change this offering")
    problems = Problems()
    check_code_unchanged(problems, data, offering.code)
    if "partner" in data and data["partner"] != offering.partner.code:
        problems.add("partner", "an offering stays with its partner")
    tags = clean_tags(problems, data["tags"]) if "tags" in data else None
    area = _apply_offering(problems, offering, data)
    problems.raise_if_any()
    offering.save()
    if tags is not None:
        offering.tags.set(tags)
    if area is not ...:
        _save_service_area(offering, area)
    record_change(offerings=[offering.code])
    return offering


@transaction.atomic
def offering_delete(*, actor: Actor, offering: Offering) -> None:
    """Remove an offering. Refused with ``ConflictError`` once a project uses it: the
    project's history must keep what was delivered."""
    require(
        has_perm(actor, "partners.remove_offering", offering), "you may not remove this offering"
    )
    try:
        offering.delete()
    except ProtectedError as exc:
        raise ConflictError("this offering has projects; it cannot be removed") from exc
    record_change(offerings=[offering.code])


# --- Personal data: consent, access, erasure, audited exports -----------------------------

# The notice a person agrees to, per purpose; a new wording gets a new version so each
# consent record says which text was shown.
CONSENT_NOTICES: dict[str, tuple[str, str]] = {
    ConsentRecord.Purpose.PARTNER_REGISTRATION: (
        "2026-2",
        "您登记的联系人姓名、电话和地址仅用于社区核实合伙人身份和对接服务，"
        "只向所在社区的管理人员和本合伙人成员完整显示，其他人看到的是脱敏信息。"
        "您受邀参加某个社区的党建联席会时，组织会议的社区的管理人员可以看到您的联系人姓名和电话，"
        "以便联系您参会。"
        "您可以随时查阅、导出或删除本人的信息。",
    ),
    # Partners never see requests: an adopted request becomes a community need, and
    # partners see that need, not the request nor who posted it.
    ConsentRecord.Purpose.RESIDENT_REQUEST: (
        "2026-2",
        "您提交的点单内容仅用于社区安排服务，只有本社区的管理人员和您本人可以看到，"
        "合伙人看不到您的点单。社区采纳后，会把点单的内容整理为社区需求，由合伙人承接。"
        "您可以随时查阅、导出或删除本人的信息。",
    ),
}


CONSENT_REQUIRED = "请勾选同意上述告知 / consent to the notice is required"


def check_consent(problems: Problems, consent: bool) -> None:
    """A person submitting their own data must have ticked the notice: consent is given,
    never assumed."""
    if consent is not True:
        problems.add("consent", CONSENT_REQUIRED)


def consent_record(*, actor: Actor, purpose: str, record: str = "") -> ConsentRecord | None:
    """Record that ``actor`` agreed to the current notice for ``purpose`` (a
    ``ConsentRecord.Purpose``) when submitting the record with code ``record``. Returns
    ``None`` for an anonymous actor, who cannot submit anything."""
    user_id = scope_of(actor).user_id
    if user_id is None:
        return None
    version, _ = CONSENT_NOTICES[purpose]
    return ConsentRecord.objects.create(
        user_id=user_id, purpose=purpose, text_version=version, record=record
    )


def audit_event_record(
    *,
    actor: Actor | None,
    action: str,
    what: str,
    scope: Community | None = None,
    personal_data: bool = False,
    detail: Mapping[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Write one audit event: who (``actor``, or ``actor_name`` for a command run on the
    server), when (now), what, over which part of the tree (``scope``; ``None`` is
    everything) and whether unmasked personal data was handed out. Every export holding
    unmasked personal data calls this."""
    user = actor if actor is not None and actor.is_authenticated else None
    name = actor_name or (user.get_username() if user is not None else "")
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_name=name[:150],
        action=action,
        what=what[:200],
        scope=scope,
        personal_data=personal_data,
        detail=dict(detail or {}),
    )


@transaction.atomic
def credentials_rotate(*, user: AbstractBaseUser) -> None:
    """End what a person's former password opened, once the new one is saved: their API
    tokens are deleted, so a token copied before the change stops answering and signing
    in again issues a new one. Their sessions end with the password already (Django
    signs each session with it); the one session that made the change is kept by
    ``update_session_auth_hash``, which Django's password forms in the admin call.

    Called for every password change (``config.auth.CredentialsRotation``)."""
    from rest_framework.authtoken.models import Token

    if user.pk is not None:
        Token.objects.filter(user_id=user.pk).delete()


def person_erase(*, actor: Actor) -> None:
    """Erase the signed-in person's personal data, keeping the aggregate history.

    The account is anonymised (``erased-<id>``, no name or e-mail, no usable password,
    inactive) and loses its roles, API tokens and notifications; needs she posted keep
    their title, category, dates and projects but lose their description and their link
    to her; her small requests lose their text and phone; her evaluations keep their
    rating but lose their comment and author; a
    resident partner (her own skill listing) whose only member she is loses its name,
    contact, address and description and is suspended, its offerings and projects
    kept; the audit trail keeps what was done but no longer her e-mail or address.
    Consent records stay as proof of what was agreed. One audit event records the
    erasure. Locks the user row (``SELECT … FOR UPDATE``) so two requests erase once.
    """
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from needs.models import Evaluation, Need, Notification, ResidentRequest

    signed_in = scope_of(actor).user_id
    require(signed_in is not None, "sign in to erase your data")
    user_id = int(signed_in or 0)
    user = get_user_model().objects.select_for_update().get(pk=user_id)
    memberships = list(
        Role.objects.filter(user_id=user_id, kind=Role.Kind.PARTNER_MEMBER).values_list(
            "partner_id", flat=True
        )
    )
    for partner in Partner.objects.select_for_update().filter(
        pk__in=memberships, kind=Partner.Kind.RESIDENT
    ):
        if Role.objects.filter(partner=partner).exclude(user_id=user_id).exists():
            continue
        partner.name = f"已注销居民 {partner.code}"
        partner.contact_name = ""
        partner.phone = ""
        partner.address = ""
        partner.description = ""
        partner.lat = partner.community.lat
        partner.lng = partner.community.lng
        partner.status = Partner.Status.SUSPENDED
        partner.status_reason = "本人已注销"
        partner.save()
        partner.tags.clear()
    posted = Need.objects.filter(created_by_id=user_id)
    posted.filter(source=Need.Source.RESIDENT).update(description="")
    posted.update(created_by=None)
    ResidentRequest.objects.filter(resident_id=user_id).update(text="", phone="", resident=None)
    ResidentRequest.objects.filter(created_by_id=user_id).update(created_by=None)
    Evaluation.objects.filter(author_id=user_id).update(comment="", author=None)
    Notification.objects.filter(recipient_id=user_id).delete()
    Role.objects.filter(user_id=user_id).delete()
    Token.objects.filter(user_id=user_id).delete()
    LogEntry.objects.filter(actor_id=user_id).update(
        actor_email=None, remote_addr=None, remote_port=None
    )
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    audit_event_record(
        actor=user,
        action=AuditEvent.Action.ERASURE,
        what="本人数据删除",
        detail={"partners": memberships},
    )
