"""The product's own demo district and the accounts to walk through it.

:func:`load_demo` imports a modest synthetic district (every partner kind, every
service category, liaison meetings, open needs) through the bulk interchange, then
creates one account per role and a few projects in different states, so every list a
visitor opens has something in it. Its work falls in the quarter it is loaded in
(:func:`demo_quarter`) and the two before, so a demo loaded on any day has this
quarter's needs, meetings and plans, its needs' windows still open. It is idempotent:
loading twice leaves the same rows (on a later day of the quarter, the needs'
windows move on with it), and the demo data is the same on every machine that day.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from centres.models import Activity, Booking, Room, SignUp
from core.errors import DomainError
from core.workdays import add_workdays
from interchange.importer import ImportReport, import_document
from matching.engine.quarters import Quarter
from matching.services import need_claim
from meetings.services import save_attendees
from needs.deadlines import rule_for, stamp
from needs.models import (
    Evaluation,
    LiaisonMeeting,
    Need,
    Project,
    ProjectEvent,
    ResidentRequest,
)
from partners.models import Community, Offering, Partner, Role
from synthetic import generate_region, quarter_name

DEMO_PREFIX = "DEMO"
DEMO_SEED = 2026
# Big enough for every partner kind, every category and a few meetings; small enough
# to load in a second.
DEMO_PARTNERS, DEMO_OFFERINGS, DEMO_NEEDS = 120, 220, 60
# One password for every demo account: the demo is public, and a visitor needs to
# know it; it is still long enough to pass the password validators.
DEMO_PASSWORD = "jinlin-demo-2026"  # noqa: S105 - published demo credentials, not a secret
_DEMO_SALT = "jinlindemo2026"
ADMIN_GROUP = "社区管理员（演示）"

# Pinyin of the characters the generator builds place names from, for readable
# usernames such as ``secretary_cuiwan``.
_PLACE_CHARACTERS = (
    "清望翠锦东西南北凤龙桂梅兰竹松柏枫荷莲桃杏玉金银宝华新永安康福瑞祥兴盛和泰"
    "湖江河溪岭山塘湾洲港桥坊园苑林坪田岗埔涌浦滨城"
)
_PLACE_SYLLABLES = (
    "qing wang cui jin dong xi nan bei feng long gui mei lan zhu song bai feng he lian "
    "tao xing yu jin yin bao hua xin yong an kang fu rui xiang xing sheng he tai "
    "hu jiang he xi ling shan tang wan zhou gang qiao fang yuan yuan lin ping tian gang "
    "pu chong pu bin cheng"
)
_PINYIN = dict(zip(_PLACE_CHARACTERS, _PLACE_SYLLABLES.split(), strict=True))

# What administrators may do in the admin; what they see is narrowed by their scope.
_ADMIN_PERMISSIONS = {
    # Administrators browse in the admin; they change records through the API and the
    # pages, where the services hold the rules (verification is the admin's one action).
    "partners": dict.fromkeys(
        (
            "community",
            "category",
            "beneficiarygroup",
            "deliverymode",
            "role",
            "partner",
            "offering",
            "offeringarea",
        ),
        ("view",),
    ),
    "needs": dict.fromkeys(
        (
            "need",
            "liaisonmeeting",
            "meetingattendee",
            "project",
            "projectevent",
            "evaluation",
            "residentrequest",
            "notification",
        ),
        ("view",),
    ),
}

# Projects shown in the demo: the state of each, and what it means for its need.
_PROJECT_STATES = (
    (Project.Status.PROPOSED, Need.Status.OPEN),
    (Project.Status.DISPATCHED, Need.Status.MATCHED),
    (Project.Status.ACCEPTED, Need.Status.MATCHED),
    (Project.Status.IN_PROGRESS, Need.Status.IN_PROGRESS),
    (Project.Status.DELIVERED, Need.Status.DONE),
    (Project.Status.EVALUATED, Need.Status.DONE),
    (Project.Status.DECLINED, Need.Status.OPEN),
)

# Listed by demo_accounts; "superuser" is not a Role kind but the admin account.
SUPERUSER = "superuser"


@dataclass(frozen=True)
class DemoAccount:
    """One demo login: ``role`` is a :class:`Role.Kind` value or ``"superuser"``;
    ``scope`` the community or partner code the role holds (empty for the superuser)."""

    username: str
    password: str
    role: str
    scope: str
    display_name: str


@dataclass(frozen=True)
class DemoSummary:
    report: ImportReport
    accounts: list[DemoAccount]
    projects: int


# What the demo's needs say: situations written as residents and secretaries tell them,
# a title and a description of the same situation, at least one per category.
DEMO_SITUATIONS_FILE = Path(__file__).resolve().with_name("demo_needs.json")


@dataclass(frozen=True)
class DemoSituation:
    """One situation of :data:`DEMO_SITUATIONS_FILE`: what a demo need is about and says."""

    category: str
    title: str
    description: str
    beneficiaries: tuple[str, ...]
    modes: tuple[str, ...]
    priority: str
    seasons: tuple[int, ...] = ()  # the quarters (1-4) it is told in; none: any

    def told_in(self, quarter: Quarter) -> bool:
        return not self.seasons or quarter.number in self.seasons


@functools.cache
def demo_situations() -> tuple[DemoSituation, ...]:
    """The demo's situations, in the order of the file (read once)."""
    records = json.loads(DEMO_SITUATIONS_FILE.read_text(encoding="utf-8"))["needs"]
    return tuple(
        DemoSituation(
            category=r["category"],
            title=r["title"],
            description=r["description"],
            beneficiaries=tuple(r["beneficiaries"]),
            modes=tuple(r["modes"]),
            priority=r["priority"],
            seasons=tuple(r.get("seasons", ())),
        )
        for r in records
    )


def _situations_by_category(quarter: Quarter) -> dict[str, list[DemoSituation]]:
    """Per category, the situations told in ``quarter`` (all of the category's when
    none is)."""
    by_category: dict[str, list[DemoSituation]] = {}
    for situation in demo_situations():
        by_category.setdefault(situation.category, []).append(situation)
    return {
        category: [s for s in told if s.told_in(quarter)] or told
        for category, told in by_category.items()
    }


def demo_need_situations(needs: list[dict[str, Any]], quarter: Quarter) -> list[DemoSituation]:
    """The situation each of the district's ``needs`` (interchange records) of
    ``quarter`` tells: none that belongs to another time of year (no summer holidays
    in a winter quarter).

    A need with a category takes the next unused situation of that category; a need
    left uncategorised (its category to be read from its text) takes the next situation
    no categorised need took. Both start over when their supply runs out, so any
    district gets a situation for every need; the demo's has enough for each to differ.
    """
    by_category = _situations_by_category(quarter)
    taken: dict[str, int] = {}
    chosen: list[DemoSituation | None] = []
    used: set[DemoSituation] = set()
    for need in needs:
        code = need["category"]
        if code is None:
            chosen.append(None)
            continue
        supply = by_category[code]
        situation = supply[taken.get(code, 0) % len(supply)]
        taken[code] = taken.get(code, 0) + 1
        used.add(situation)
        chosen.append(situation)
    in_season = [s for s in demo_situations() if s.told_in(quarter)]
    leftovers = [s for s in in_season if s not in used] or in_season
    spare = iter(leftovers * (1 + len(needs) // len(leftovers)))
    return [situation or next(spare) for situation in chosen]


def demo_quarter() -> Quarter:
    """The quarter the demo's open work falls in: the one it is loaded in (the site's
    date)."""
    return Quarter.of(timezone.localdate())


# Loaded late in a quarter: how long before the day the demo's needs' windows opened
# at the earliest, and how long at least each runs on after that day.
_RAISED_OVER = dt.timedelta(days=21)
_WINDOW_RUNS_ON = dt.timedelta(days=7)


def demo_document(quarter: Quarter, today: dt.date) -> dict[str, Any]:
    """The demo district as an interchange document, its dates placed around
    ``quarter`` (:func:`demo_quarter` when loaded) and its needs' windows around
    ``today``; the same on every call for a day.

    Its places, partners, offerings and meetings come from the synthetic generator;
    its needs keep the generator's places and categories but say what the demo's own
    situations say (:func:`demo_need_situations`), so each need's title and
    description tell one story, in residents' words. The generator opens needs'
    windows over the quarter's first seven weeks; loaded later in the quarter, the
    demo moves them on so that they opened over the last three weeks, and runs each
    at least a week past ``today``: a secretary signing in finds her needs current,
    not a list of windows already closed.
    """
    document = generate_region(
        offerings=DEMO_OFFERINGS,
        needs=DEMO_NEEDS,
        partners=DEMO_PARTNERS,
        seed=DEMO_SEED,
        prefix=DEMO_PREFIX,
        start=quarter.start,
    )
    needs = document["needs"]
    moved_on = max(dt.timedelta(0), today - quarter.start - _RAISED_OVER)
    for need in needs:
        window = need["window"]
        start = dt.date.fromisoformat(window["start"])
        length = dt.date.fromisoformat(window["end"]) - start
        start = min(start + moved_on, quarter.end)
        window["start"] = start.isoformat()
        window["end"] = max(start + length, today + _WINDOW_RUNS_ON).isoformat()
    for need, situation in zip(needs, demo_need_situations(needs, quarter), strict=True):
        need["title"] = situation.title
        need["description"] = situation.description
        need["beneficiaries"] = list(situation.beneficiaries)
        need["modes"] = list(situation.modes)
        need["priority"] = situation.priority
    return document


def _slug(name: str, fallback: str) -> str:
    letters = [_PINYIN.get(ch, ch if ch.isascii() and ch.isalnum() else "") for ch in name]
    slug = "".join(letters).lower()
    return slug or fallback.lower().replace("-", "_")


def demo_accounts() -> list[DemoAccount]:
    """Who logs into the demo, chosen from the demo district already in the database.

    Secretaries go to the first two communities, by code, that held a liaison meeting
    (then any other community), so their lists are full; the street administrator
    holds the first secretary's street; the partner member belongs to the first
    verified unit, by code, with offerings in that street; the resident lives in the
    first secretary's community. Raises ``Community.DoesNotExist`` if the district
    has not been imported.
    """
    district = Community.objects.get(code=DEMO_PREFIX)
    communities = list(
        Community.objects.filter(
            level=Community.Level.COMMUNITY, code__startswith=f"{DEMO_PREFIX}-"
        ).order_by("code")
    )
    with_meetings = set(
        LiaisonMeeting.objects.filter(code__startswith=f"{DEMO_PREFIX}-").values_list(
            "community_id", flat=True
        )
    )
    ordered = [c for c in communities if c.pk in with_meetings] + [
        c for c in communities if c.pk not in with_meetings
    ]
    first, second = ordered[0], ordered[1]
    street = first.parent
    if street is None:  # the database forbids it; this narrows the type
        raise Community.DoesNotExist(f"{first.code} has no street")
    partner = (
        Partner.objects.filter(
            code__startswith=f"{DEMO_PREFIX}-",
            status=Partner.Status.VERIFIED,
            kind=Partner.Kind.UNIT,
            community__parent=street,
            offerings__isnull=False,
        )
        .order_by("code")
        .first()
    ) or Partner.objects.filter(
        code__startswith=f"{DEMO_PREFIX}-", status=Partner.Status.VERIFIED
    ).order_by("code").first()
    if partner is None:
        raise Partner.DoesNotExist("the demo district has no verified partner")

    def account(username: str, role: str, scope: str, display_name: str) -> DemoAccount:
        return DemoAccount(username, DEMO_PASSWORD, role, scope, display_name)

    return [
        account("admin", SUPERUSER, "", "平台管理员"),
        account(
            f"secretary_{_slug(first.name[:-2], first.code)}",
            Role.Kind.SECRETARY,
            first.code,
            f"{first.name}书记",
        ),
        account(
            f"secretary_{_slug(second.name[:-2], second.code)}",
            Role.Kind.SECRETARY,
            second.code,
            f"{second.name}社工",
        ),
        account("street_admin", Role.Kind.STREET_ADMIN, street.code, f"{street.name}管理员"),
        account(
            "district_admin", Role.Kind.DISTRICT_ADMIN, district.code, f"{district.name}党建办"
        ),
        account("partner_member", Role.Kind.PARTNER_MEMBER, partner.code, partner.name),
        account(
            f"resident_{_slug(first.name[:-2], first.code)}",
            Role.Kind.RESIDENT,
            first.code,
            f"{first.name}居民",
        ),
    ]


def _admin_group() -> Group:
    """The group giving administrators the admin permissions (kept exactly in step)."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    wanted = Q(pk__in=[])
    for app_label, models in _ADMIN_PERMISSIONS.items():
        for model, actions in models.items():
            wanted |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create or bring up to date the users and roles of :func:`demo_accounts`.

    Idempotent: an existing user keeps its row; its password, flags and roles are set
    to what the demo says (the same values every time).
    """
    user_model = get_user_model()
    group = _admin_group()
    # Hashed once with a fixed salt: every account shares the published password, and a
    # second load then writes the very same hash instead of re-hashing per user.
    password_hash = make_password(DEMO_PASSWORD, salt=_DEMO_SALT)
    accounts = demo_accounts()
    for acc in accounts:
        user: AbstractUser
        user, _ = user_model.objects.get_or_create(username=acc.username)
        administrator = acc.role in (
            Role.Kind.SECRETARY,
            Role.Kind.STREET_ADMIN,
            Role.Kind.DISTRICT_ADMIN,
        )
        user.first_name = acc.display_name
        user.is_superuser = acc.role == SUPERUSER
        user.is_staff = administrator or user.is_superuser
        user.is_active = True
        user.password = password_hash
        user.save()
        if administrator:
            user.groups.add(group)
        if acc.role == SUPERUSER:
            continue
        where: dict[str, Any]
        if acc.role == Role.Kind.PARTNER_MEMBER:
            where = {"partner": Partner.objects.get(code=acc.scope), "community": None}
        else:
            where = {"community": Community.objects.get(code=acc.scope), "partner": None}
        Role.objects.get_or_create(user=user, kind=acc.role, **where)
    return accounts


# The steps that lead to each demo state, as the lifecycle would have recorded them.
_DEMO_PATHS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "proposed": (("create", "", "proposed"),),
    "dispatched": (("create", "", "proposed"), ("dispatch", "proposed", "dispatched")),
    "declined": (
        ("create", "", "proposed"),
        ("dispatch", "proposed", "dispatched"),
        ("decline", "dispatched", "declined"),
    ),
}
_DEMO_PATHS["accepted"] = (*_DEMO_PATHS["dispatched"], ("accept", "dispatched", "accepted"))
_DEMO_PATHS["in_progress"] = (*_DEMO_PATHS["accepted"], ("start", "accepted", "in_progress"))
_DEMO_PATHS["delivered"] = (*_DEMO_PATHS["in_progress"], ("deliver", "in_progress", "delivered"))
_DEMO_PATHS["evaluated"] = (*_DEMO_PATHS["delivered"], ("evaluate", "delivered", "evaluated"))
_DEMO_NOTES = {"decline": "本季度志愿者人手不足", "evaluate": "5★ 服务准时，老人们很满意"}


def _ensure_demo_timeline(project: Project) -> None:
    """Give a demo project the timeline of the steps that led to its state, two days
    apart, ending at its creation date (once: a project with a timeline keeps it)."""
    if project.events.exists():
        return
    steps = _DEMO_PATHS.get(project.status, ())
    start = project.created_at - dt.timedelta(days=2 * len(steps))
    ProjectEvent.objects.bulk_create(
        ProjectEvent(
            project=project,
            action=action,
            from_status=before,
            to_status=after,
            note=_DEMO_NOTES.get(action, ""),
            at=start + dt.timedelta(days=2 * i),
        )
        for i, (action, before, after) in enumerate(steps)
    )
    if project.status == Project.Status.EVALUATED:
        Evaluation.objects.get_or_create(
            project=project,
            by=Evaluation.By.COMMUNITY,
            defaults={"rating": 5, "comment": "服务准时"},
        )


def _demo_offerings_by_category() -> dict[str, list[Offering]]:
    """The demo's categorised offerings of verified partners, by category, by code."""
    offerings: dict[str, list[Offering]] = {}
    for offering in Offering.objects.filter(
        code__startswith=f"{DEMO_PREFIX}-",
        partner__status=Partner.Status.VERIFIED,
        category__isnull=False,
    ).order_by("code"):
        offerings.setdefault(str(offering.category_id), []).append(offering)
    return offerings


def ensure_demo_projects(*, partner_code: str | None = None) -> int:
    """A few pairings in different states, so project lists are not empty.

    Each takes the first demo need (by code) with a category, none yet, and an
    offering of the same category from a verified partner; the need's status follows
    the project's. The dispatched pairing goes to ``partner_code``'s offering when that
    partner offers a category some demo need asks for, so the demo's partner member
    finds work waiting to be accepted. Idempotent: needs that already have a demo
    project are reused. Returns how many demo projects exist.
    """
    needs = list(
        Need.objects.filter(code__startswith=f"{DEMO_PREFIX}-N", category__isnull=False)
        .select_related("community")
        .order_by("code")
    )
    offerings_by_category = _demo_offerings_by_category()
    candidates = [n for n in needs if str(n.category_id) in offerings_by_category]
    member_of = Partner.objects.filter(code=partner_code).values_list("pk", flat=True).first()
    own: dict[str, Offering] = {}
    for category, offerings in offerings_by_category.items():
        for offering in offerings:
            if member_of is not None and offering.partner_id == member_of:
                own.setdefault(category, offering)
    pairs: list[tuple[Project.Status, Need.Status, Need, Offering]] = []
    for project_status, need_status in _PROJECT_STATES:
        if project_status == Project.Status.DISPATCHED and own:
            need = next((n for n in candidates if str(n.category_id) in own), None)
            if need is not None:
                candidates.remove(need)
                pairs.append((project_status, need_status, need, own[str(need.category_id)]))
                continue
        if candidates:
            need = candidates.pop(0)
            offering = offerings_by_category[str(need.category_id)][0]
            pairs.append((project_status, need_status, need, offering))
    for project_status, need_status, need, offering in pairs:
        quarter = str(Quarter.of(need.window_start))
        project, _ = Project.objects.get_or_create(
            need=need,
            offering=offering,
            defaults={"quantity": min(need.quantity, offering.capacity or 1), "quarter": quarter},
        )
        # A demo loaded again in a later quarter moves its needs there: their projects too.
        if (project.status, project.quarter) != (project_status, quarter):
            project.status, project.quarter = project_status, quarter
            project.save(update_fields=["status", "quarter", "updated_at"])
        _ensure_demo_timeline(project)
        if need.status != need_status:
            need.status = need_status
            need.save(update_fields=["status", "updated_at"])
    return Project.objects.filter(need__code__startswith=f"{DEMO_PREFIX}-").count()


# What the demo resident asked her community for: one wish still waiting for the
# secretary, one already turned into a need partners are serving.
_RESIDENT_WISH = "我家老伴腿脚不好，好几个月没剪头发了，能不能请理发师上门给他理个发？"


def ensure_resident_requests(*, username: str, community_code: str) -> int:
    """The demo resident's requests: a wish still open for her community to decide, and
    the first of her community's demo needs under way (by code), recorded as having come
    from her request, so her home shows both. Idempotent (found by resident and text, and
    by the need's link). Returns how many requests she has."""
    resident = get_user_model().objects.get(username=username)
    community = Community.objects.get(code=community_code)
    ResidentRequest.objects.get_or_create(
        community=community,
        resident=resident,
        text=_RESIDENT_WISH,
        defaults={"created_by": resident},
    )
    served = (
        Need.objects.filter(
            code__startswith=f"{DEMO_PREFIX}-N",
            community=community,
            status__in=(Need.Status.MATCHED, Need.Status.IN_PROGRESS),
        )
        .order_by("code")
        .first()
    ) or (
        Need.objects.filter(
            code__startswith=f"{DEMO_PREFIX}-N", community=community, status=Need.Status.OPEN
        )
        .order_by("code")
        .first()
    )
    if served is not None and served.request_id is None:
        request = ResidentRequest.objects.create(
            community=community,
            resident=resident,
            created_by=resident,
            text=served.description,
            status=ResidentRequest.Status.CONVERTED,
            decided_at=timezone.now(),
        )
        Need.objects.filter(pk=served.pk).update(request=request)
    return ResidentRequest.objects.filter(resident=resident).count()


def history_quarters(quarter: Quarter) -> tuple[Quarter, Quarter]:
    """The two quarters of work before the demo's ``quarter``, earlier first, so the
    quarters' trends and the coverage of earlier quarters have something to show."""
    return quarter.previous().previous(), quarter.previous()


# A need no partner could take, left open in the quarter before the demo's: with the same
# community's rehab need of this quarter it is a gap two quarters running.
UNSERVED_COMMUNITY, UNSERVED_CATEGORY = f"{DEMO_PREFIX}-S02-C02", "rehab"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _history_timeline(project: Project, raised: dt.date, wait_days: int, rating: int) -> None:
    """Dispatched two days after the need was raised, accepted ``wait_days`` later,
    delivered and rated within the quarter (once: a project with a timeline keeps it)."""
    if project.events.exists():
        return
    dispatched = raised + dt.timedelta(days=2)
    accepted = dispatched + dt.timedelta(days=wait_days)
    steps = [("dispatch", "proposed", "dispatched", dispatched, "")]
    if project.status == Project.Status.DECLINED:
        steps.append(("decline", "dispatched", "declined", accepted, _DEMO_NOTES["decline"]))
    else:
        steps += [
            ("accept", "dispatched", "accepted", accepted, ""),
            ("start", "accepted", "in_progress", accepted + dt.timedelta(days=3), ""),
            ("deliver", "in_progress", "delivered", accepted + dt.timedelta(days=10), ""),
        ]
        if project.status == Project.Status.EVALUATED:
            rated = accepted + dt.timedelta(days=12)
            steps.append(("evaluate", "delivered", "evaluated", rated, ""))
            evaluation, _ = Evaluation.objects.get_or_create(
                project=project,
                by=Evaluation.By.COMMUNITY,
                defaults={"rating": rating, "comment": "服务准时" if rating >= 4 else "还可以"},
            )
            Evaluation.objects.filter(pk=evaluation.pk).update(created_at=_at(rated, 16))
    ProjectEvent.objects.bulk_create(
        ProjectEvent(
            project=project,
            action=action,
            from_status=before,
            to_status=after,
            note=note,
            at=_at(day),
        )
        for action, before, after, day, note in steps
    )


def ensure_demo_history(quarter: Quarter) -> int:
    """Needs raised and served in the :func:`history_quarters` of the demo's ``quarter``:
    in each, every demo community raised one to four needs (more in the later quarter)
    that partners accepted after one to five days, delivered and mostly rated, a few
    declined first; and one rehab need no partner took stays open.
    Idempotent (needs are found by code). Returns how many history needs exist."""
    communities = list(
        Community.objects.filter(
            code__startswith=f"{DEMO_PREFIX}-", level=Community.Level.COMMUNITY
        ).order_by("code")
    )
    offerings = _demo_offerings_by_category()
    categories = sorted(offerings)
    if not communities or not categories:
        return 0
    earlier = history_quarters(quarter)
    for qi, past in enumerate(earlier):
        situations = _situations_by_category(past)
        for ci, community in enumerate(communities):
            for k in range(1 + qi + (ci + qi) % 3):
                category = categories[(ci * 7 + k * 3 + qi * 5) % len(categories)]
                choices = offerings[category]
                offering = choices[(ci + k) % len(choices)]
                raised = past.start + dt.timedelta(days=5 + 9 * k + 3 * ci)
                told = situations[category]
                situation = told[(ci + k + qi) % len(told)]
                need, created = Need.objects.get_or_create(
                    code=f"{DEMO_PREFIX}-H{past}-{ci + 1}{k + 1}",
                    defaults={
                        "community": community,
                        "title": situation.title,
                        "description": situation.description,
                        "category_id": category,
                        "quantity": 1 + k % 2,
                        "modes": list(offering.modes or ())[:1],
                        "window_start": raised + dt.timedelta(days=7),
                        "window_end": min(past.end, raised + dt.timedelta(days=47)),
                        "status": Need.Status.DONE,
                        "source": Need.Source.MEETING if k % 2 else Need.Source.RESIDENT,
                    },
                )
                if created:
                    Need.objects.filter(pk=need.pk).update(created_at=_at(raised))
                elif (need.title, need.description) != (situation.title, situation.description):
                    # A demo loaded before its needs told their situations: tell them now.
                    Need.objects.filter(pk=need.pk).update(
                        title=situation.title, description=situation.description
                    )
                wait = 1 + (ci + k + 3 * qi) % 5
                if (ci + k + qi) % 4 == 0 and len(choices) > 1:
                    other = choices[(ci + k + 1) % len(choices)]
                    declined, _ = Project.objects.get_or_create(
                        need=need,
                        offering=other,
                        defaults={
                            "quantity": need.quantity,
                            "quarter": str(past),
                            "status": Project.Status.DECLINED,
                        },
                    )
                    _history_timeline(declined, raised, 2, 0)
                    raised += dt.timedelta(days=4)
                project, _ = Project.objects.get_or_create(
                    need=need,
                    offering=offering,
                    defaults={
                        "quantity": need.quantity,
                        "quarter": str(past),
                        "status": (
                            Project.Status.DELIVERED if k % 3 == 2 else Project.Status.EVALUATED
                        ),
                    },
                )
                _history_timeline(project, raised, wait, 3 + (ci + k + qi) % 3)
    last = earlier[-1]
    unserved_at = Community.objects.filter(code=UNSERVED_COMMUNITY).first()
    if unserved_at is not None:
        need, created = Need.objects.get_or_create(
            code=f"{DEMO_PREFIX}-H{last}-GAP",
            defaults={
                "community": unserved_at,
                "title": "术后老人居家康复指导",
                "description": "几位做完手术的老人出院回家，需要康复师上门指导训练",
                "category_id": UNSERVED_CATEGORY,
                "quantity": 2,
                "modes": ["home_visit"],
                "window_start": last.start + dt.timedelta(days=31),
                "window_end": last.end,
                "source": Need.Source.MEETING,
            },
        )
        if created:
            Need.objects.filter(pk=need.pk).update(
                created_at=_at(last.start + dt.timedelta(days=20))
            )
    return Need.objects.filter(code__startswith=f"{DEMO_PREFIX}-H").count()


@transaction.atomic
def load_demo() -> DemoSummary:
    """Import the demo district, then its accounts and projects, in one transaction.

    Raises :class:`~interchange.InterchangeError` if the document does not
    import (nothing is written then). Needs the service standard (categories,
    beneficiary groups, delivery modes) that the migrations install.
    """
    quarter = demo_quarter()
    report = import_document(demo_document(quarter, timezone.localdate()))
    accounts = ensure_demo_accounts()
    member = next(a for a in accounts if a.role == Role.Kind.PARTNER_MEMBER)
    projects = ensure_demo_projects(partner_code=member.scope)
    ensure_demo_history(quarter)
    ensure_next_meetings(quarter)
    for resident in (a for a in accounts if a.role == Role.Kind.RESIDENT):
        ensure_resident_requests(username=resident.username, community_code=resident.scope)
    ensure_demo_promises()
    ensure_demo_claim(username=member.username)
    ensure_demo_rooms()
    ensure_demo_activities()
    return DemoSummary(report=report, accounts=accounts, projects=projects)


def ensure_next_meetings(quarter: Quarter) -> int:
    """Each demo community meeting in ``quarter`` has its next quarter's meeting arranged
    too (code ``DEMO-M0001`` arranges ``DEMO-A0001``), the same weeks into that quarter,
    under the same title and inviting the same partners. A secretary signing in late in
    the quarter, her meeting held, finds the next one on her home page rather than none.
    Loaded again in a later quarter, the arranged meetings move on with it. Answers how
    many are arranged."""
    following = quarter.next()
    arranged = 0
    meetings = LiaisonMeeting.objects.filter(
        code__startswith=f"{DEMO_PREFIX}-M", date__range=(quarter.start, quarter.end)
    ).prefetch_related("attendee_rows__partner")
    for meeting in meetings.order_by("code"):
        code = f"{DEMO_PREFIX}-A{meeting.code.removeprefix(f'{DEMO_PREFIX}-M')}"
        next_meeting, _ = LiaisonMeeting.objects.update_or_create(
            code=code,
            defaults={
                "community_id": meeting.community_id,
                "date": following.start + (meeting.date - quarter.start),
                "title": meeting.title.replace(
                    quarter_name(quarter.start), quarter_name(following.start)
                ),
                "status": LiaisonMeeting.Status.SCHEDULED,
            },
        )
        save_attendees(next_meeting, [row.partner for row in meeting.attendee_rows.all()])
        arranged += 1
    return arranged


# The rooms of the first demo secretary's centre: (name, capacity, equipment, open).
_DEMO_ROOMS = (
    ("舞蹈室", 30, "镜子、音响、把杆", False),
    ("自习室", 12, "台灯、插座、无线网络", True),
    ("多功能厅", 80, "投影、话筒、折叠桌椅", False),
)


def ensure_demo_rooms() -> int:
    """The service centre of the first demo secretary's community: a dance room that
    needs the secretary's approval, a study room open for booking and a hall; a partner's
    weekly class approved for six weeks and a residents' reading club waiting for
    approval. Once: a centre with rooms keeps them. Answers how many bookings were made."""
    role = (
        Role.objects.filter(kind=Role.Kind.SECRETARY, community__code__startswith=f"{DEMO_PREFIX}-")
        .select_related("community", "user")
        .order_by("community__code")
        .first()
    )
    if (
        role is None
        or role.community is None
        or Room.objects.filter(centre=role.community).exists()
    ):
        return 0
    centre = role.community
    rooms = {
        name: Room.objects.create(
            centre=centre,
            name=name,
            capacity=capacity,
            equipment=equipment,
            open_booking=open_booking,
        )
        for name, capacity, equipment, open_booking in _DEMO_ROOMS
    }
    partner = (
        Partner.objects.filter(community=centre, status=Partner.Status.VERIFIED)
        .order_by("code")
        .first()
    )
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)
    made = [
        Booking(
            room=rooms["舞蹈室"],
            start=dt.datetime.combine(tuesday + dt.timedelta(weeks=w), dt.time(15, 30), tz),
            end=dt.datetime.combine(tuesday + dt.timedelta(weeks=w), dt.time(17), tz),
            purpose="少儿舞蹈班",
            partner=partner,
            status=Booking.Status.APPROVED,
            series="demo-dance",
            decided_by=role.user,
        )
        for w in range(6)
    ]
    saturday = tuesday + dt.timedelta(days=4)
    made.append(
        Booking(
            room=rooms["多功能厅"],
            start=dt.datetime.combine(saturday, dt.time(9, 30), tz),
            end=dt.datetime.combine(saturday, dt.time(11, 30), tz),
            purpose="居民读书会",
            status=Booking.Status.PENDING,
        )
    )
    Booking.objects.bulk_create(made)
    return len(made)


def ensure_demo_activities() -> int:
    """What is on in the demo centre: the partner's dance class of the coming Tuesday as
    an activity in its booked room, with residents signed up, and a parents' class held
    last month that residents came to and rated, so the partner's contribution and the
    district's trends have something to count. Once. Answers how many activities."""
    booking = (
        Booking.objects.filter(series="demo-dance", status=Booking.Status.APPROVED)
        .select_related("room__centre", "partner")
        .order_by("start")
        .first()
    )
    if (
        booking is None
        or booking.partner is None
        or Activity.objects.filter(centre=booking.room.centre).exists()
    ):
        return 0
    centre, partner = booking.room.centre, booking.partner
    residents = list(
        get_user_model()
        .objects.filter(roles__kind=Role.Kind.RESIDENT, roles__community=centre)
        .order_by("username")[:3]
    )
    now = timezone.now()
    tz = timezone.get_current_timezone()
    upcoming = Activity.objects.create(
        centre=centre,
        partner=partner,
        title="少儿舞蹈班（第一课）",
        description="6 至 12 岁的孩子都可以来，穿运动鞋。",
        start=booking.start,
        end=booking.end,
        booking=booking,
        capacity=min(20, booking.room.capacity),
        beneficiaries=["children"],
        signup_opens=now - dt.timedelta(days=1),
        signup_closes=booking.start,
    )
    day = timezone.localdate() - dt.timedelta(days=30)
    held = Activity.objects.create(
        centre=centre,
        partner=partner,
        title="家长学校：和青春期孩子沟通",
        start=dt.datetime.combine(day, dt.time(19), tz),
        end=dt.datetime.combine(day, dt.time(20, 30), tz),
        place="党群服务中心二楼会议室",
        capacity=30,
        beneficiaries=["families"],
        signup_opens=dt.datetime.combine(day, dt.time(0), tz) - dt.timedelta(days=7),
        signup_closes=dt.datetime.combine(day, dt.time(18), tz),
    )
    for i, person in enumerate(residents):
        SignUp.objects.create(activity=upcoming, resident=person, code=f"DEMO{i}A")
        SignUp.objects.create(
            activity=held,
            resident=person,
            code=f"DEMO{i}B",
            checked_in_at=held.start,
            rating=5 - (i % 2),
        )
    return 2


DEMO_WISH = "DEMO-W0001"
# The small wish a resident might make of each kind of offering the demo member's
# partner gives: (title, description, beneficiary group).
_DEMO_WISHES = {
    "donation": (
        "困难家庭想添几床新被褥",
        "社区几户低保家庭的被褥用了十几年，又薄又硬，想请爱心单位捐几床新被褥",
        "families",
    ),
    "rider_care": (
        "外卖小哥想有个地方歇脚、喝口水",
        "小区门口常有外卖骑手等单，没处歇脚，想找个能进门喝口水、充个电的地方",
        "new_employment",
    ),
}


def ensure_demo_claim(*, username: str) -> bool:
    """认领 in the demo: a resident's small wish (微心愿), in a community with a demo
    secretary where possible, claimed by the demo partner member with one of her
    partner's offerings, so her home shows a claim waiting and the secretary a claim
    to confirm. Once: a demo with the wish keeps it. Answers whether it was made."""
    if Need.objects.filter(code=DEMO_WISH).exists():
        return False
    user = get_user_model().objects.get(username=username)
    role = Role.objects.filter(user=user, kind=Role.Kind.PARTNER_MEMBER).first()
    if role is None or role.partner is None:
        return False
    offerings = [
        o
        for o in Offering.objects.filter(partner=role.partner).order_by("code")
        if o.category_id in _DEMO_WISHES
    ]
    secretaries = Community.objects.filter(
        code__startswith=f"{DEMO_PREFIX}-", roles__kind=Role.Kind.SECRETARY
    ).order_by("code")
    places = [
        *secretaries,
        *Community.objects.filter(serving_offerings__in=offerings).order_by("code"),
    ]
    today = timezone.localdate()
    for place in dict.fromkeys(places):
        for offering in offerings:
            title, description, group = _DEMO_WISHES[str(offering.category_id)]
            try:
                with transaction.atomic():
                    wish = Need.objects.create(
                        code=DEMO_WISH,
                        community=place,
                        title=title,
                        description=description,
                        category_id=offering.category_id,
                        beneficiaries=[group],
                        modes=list(offering.modes),
                        quantity=1,
                        window_start=today,
                        window_end=max(Quarter.of(today).end, today + _WINDOW_RUNS_ON),
                        source=Need.Source.RESIDENT,
                    )
                    stamp(wish, start=timezone.now())
                    wish.save(update_fields=["respond_by", "complete_by", "policy_version"])
                    need_claim(
                        actor=user,
                        need=wish,
                        offering=offering,
                        quantity=1,
                        note="我们周六上午有空，可以安排志愿者",
                    )
            except DomainError:
                continue
            return True
    return False


def _arrived(
    item: Need | ResidentRequest, now: dt.datetime, *, late: bool, share: float
) -> dt.datetime:
    """When ``item`` is taken to have arrived: ``share`` of its time to answer ago, or,
    if ``late``, just long enough ago that its answer is overdue ``now``."""
    days = int(rule_for(item)[0]["respond_days"])  # as promise_for counts them
    span = add_workdays(now, days) - now
    arrived = now - (span + dt.timedelta(days=1) if late else span * share)
    step = dt.timedelta(days=-1 if late else 1)
    while (add_workdays(arrived, days) < now) != late:
        arrived += step
    return arrived


def ensure_demo_promises() -> int:
    """限时办结 in the demo: the open needs and requests get their district's promised
    times as if they had arrived over the last weeks, so a secretary's home shows work
    due soon and a little that is late: every fifth item is overdue, the others arrived
    a quarter, a half or three quarters of their time to answer ago, or today. Items
    that already carry promised times keep them (idempotent). Returns how many were
    stamped."""
    now = timezone.now()
    needs = Need.objects.filter(
        code__startswith=DEMO_PREFIX, status=Need.Status.OPEN, respond_by__isnull=True
    ).select_related("community")
    requests = ResidentRequest.objects.filter(
        status=ResidentRequest.Status.OPEN, respond_by__isnull=True
    ).select_related("community")
    stamped = 0
    items: list[Need | ResidentRequest] = [*needs.order_by("code"), *requests.order_by("pk")]
    for i, item in enumerate(items):
        arrived = _arrived(item, now, late=i % 5 == 4, share=(i % 5) / 4)
        stamp(item, start=arrived)
        item.save(update_fields=["respond_by", "complete_by", "policy_version"])
        stamped += 1
    return stamped
