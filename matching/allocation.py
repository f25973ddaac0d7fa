"""The quarterly allocation on the Django side: what goes into the engine's
:func:`~matching.engine.allocation.allocate`, the plan as JSON, and the allocation runs
(:class:`~matching.models.AllocationJob`) an administrator starts, reads and accepts.

Reads (``allocation_inputs``, ``allocation_plan``, ``allocation_jobs_visible_to``) and
writes (``allocation_job_*``, ``allocation_commit``) of one feature live together here;
the API, the tasks and the commands all call these.

What the plan works on, for an area (district, street or community) and a quarter:

- the needs: open or matched needs of a community or station under the area whose
  window overlaps the quarter, each with its full quantity and priority;
- the candidates: the ranking's best offerings per need (``ALLOCATION_CANDIDATES``),
  judged against the quarter's capacity; a need left without any is ranked again with
  an explanation, so the plan can say why;
- the capacity: the quarter's capacity left (``capacity_left_by_offering``) less the
  units of proposed and dispatched projects of the quarter, so two plans never promise
  the same units;
- kept pairings: every live project of a need (proposed, dispatched, accepted, in
  progress, delivered or evaluated) stays and counts toward its quantity;
- excluded pairs: pairs the partner declined or the community cancelled, and any the
  caller names, are never proposed again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import ConflictError, InvalidInputError, has_perm, require
from core.i18n import chinese
from core.queries import IdSet
from core.tasks import enqueue_on_commit
from matching.engine.allocation import (
    AllocationSettings,
    Assignment,
    Demand,
    Pairing,
    Plan,
    Supply,
    allocate,
)
from matching.engine.quarters import Quarter
from matching.engine.ranking import MIN_SCORE, MatchIndex, NeedReadings
from matching.engine.types import Candidates, NeedFacts, Ranking
from matching.facts import needs_facts
from matching.index import current_index
from matching.models import AllocationJob
from matching.presenters import encode_json, reasons_json, reasons_payload
from needs.models import Need, Project
from needs.selectors import units_by_offering_code
from needs.services import projects_propose, proposed_work_notify
from partners.models import Category, Community, Offering
from partners.selectors import community_subtree_ids, scope_of

Actor = AbstractBaseUser | AnonymousUser
log = logging.getLogger(__name__)

# Needs the allocation fills: still waiting, or matched for part of their quantity.
NEED_STATUSES = (Need.Status.OPEN, Need.Status.MATCHED)
AREA_LEVELS = (Community.Level.DISTRICT, Community.Level.STREET, Community.Level.COMMUNITY)
PENDING_STATES = ("proposed", "dispatched")
EXCLUDED_STATES = ("declined", "cancelled")
# A category the engine reads a need as, with at least this probability, says what the
# need is about when telling why it stays unfilled.
RELEVANT_GUESS = 0.3


def engine_settings() -> AllocationSettings:
    """The allocation's settings from ``config.settings`` (environment-driven)."""
    return AllocationSettings(
        load_weight=settings.ALLOCATION_LOAD_WEIGHT, min_score=settings.ALLOCATION_MIN_SCORE
    )


# --- Reads ------------------------------------------------------------------------------------


def find_scope(code: str) -> Community:
    """The district, street or community with this code; ``InvalidInputError`` naming
    ``scope`` otherwise."""
    community = Community.objects.filter(code=code).first()
    if community is None:
        raise InvalidInputError(
            f"未知的范围 {code!r} / unknown scope", fields={"scope": [f"unknown code {code!r}"]}
        )
    if community.level not in AREA_LEVELS:
        raise InvalidInputError(
            "范围须是区、街道或社区 / the scope must be a district, street or community",
            fields={"scope": [f"{code!r} is a {community.level}"]},
        )
    return community


def parse_quarter(text: object) -> Quarter:
    """``"2026Q4"`` as a :class:`Quarter`; ``InvalidInputError`` naming ``quarter``."""
    try:
        return Quarter.parse(str(text))
    except ValueError as exc:
        raise InvalidInputError(str(exc), fields={"quarter": [str(exc)]}) from None


@dataclass(frozen=True)
class AllocationInputs:
    """Everything :func:`~matching.engine.allocation.allocate` takes, for one area and
    quarter, with the database ids behind the codes."""

    demands: list[Demand]
    supplies: list[Supply]
    candidates: Candidates  # each need's ranked offerings, as columns
    kept: list[Pairing]
    excluded: set[tuple[str, str]]
    need_ids: dict[str, int]
    offering_ids: dict[str, int]
    needs: dict[str, NeedFacts]
    # The index the candidates were ranked with (the quarter's capacity), to explain them,
    # and the needs as it read them.
    index: MatchIndex = field(compare=False)
    readings: NeedReadings | None = field(default=None, compare=False)

    @property
    def rankings(self) -> list[Ranking]:
        """The candidates as one :class:`Ranking` per need (made now)."""
        return self.candidates.rankings()


def scope_needs(*, scope: Community, quarter: Quarter) -> QuerySet[Need]:
    """The needs a plan for ``scope`` and ``quarter`` fills, by code."""
    return Need.objects.filter(
        community_id__in=community_subtree_ids([scope.pk]),
        status__in=NEED_STATUSES,
        window_start__lte=quarter.end,
        window_end__gte=quarter.start,
    ).order_by("code")


def held_units(*, quarter: Quarter) -> dict[str, int]:
    """Units each offering (by code) holds in ``quarter``: its accepted work (as
    ``capacity_left_by_offering`` counts it) and its work proposed or dispatched and not
    yet answered; offerings holding none are left out. With the index's quarterly
    capacities (:meth:`MatchIndex.with_quarter_capacity`) this is the quarter's capacity
    left without reading every offering. One query."""
    return units_by_offering_code(
        quarter=quarter, statuses=(*Project.USES_CAPACITY, *PENDING_STATES)
    )


def free_capacity(
    *, quarter: Quarter, offerings: Iterable[tuple[int, str, int]] | None = None
) -> dict[str, int]:
    """Units each offering (by code) can still be promised in ``quarter``: its quarterly
    capacity less the units it holds (:func:`held_units`), never below 0. ``offerings``
    gives every offering's (id, code, capacity) when the caller has read them already.
    Two queries (one with ``offerings``)."""
    held = held_units(quarter=quarter)
    if offerings is None:
        offerings = Offering.objects.values_list("id", "code", "capacity")
    return {code: max(capacity - held.get(code, 0), 0) for _, code, capacity in offerings}


@dataclass(frozen=True)
class QuarterCapacity:
    """What every plan of a quarter reads of all the offerings, read once: each one's
    database id, partner and capacity by code, the units it can still be promised
    (:func:`free_capacity`), and the index ranking with those units."""

    quarter: Quarter
    offerings: dict[str, tuple[int, str, int]]
    free: dict[str, int]
    index: MatchIndex

    @cached_property
    def _places(self) -> tuple[dict[str, int], npt.NDArray[np.int64], list[int]]:
        """Each partner's number, the number of each offering's partner, and each
        offering's database id, by its place in ``offerings``."""
        numbers: dict[str, int] = {}
        partner_of = np.fromiter(
            (
                numbers.setdefault(partner, len(numbers))
                for _, partner, _ in self.offerings.values()
            ),
            dtype=np.int64,
            count=len(self.offerings),
        )
        return numbers, partner_of, [oid for oid, _, _ in self.offerings.values()]

    @cached_property
    def _supplies(self) -> list[Supply]:
        """Each offering's :class:`Supply` for the quarter, by its place in
        ``offerings``: made once and shared by every plan (a plan of a city's street
        holds thousands)."""
        free = self.free
        supplies = []
        for code, (_, partner, total) in self.offerings.items():
            left = free.get(code, 0)
            supplies.append(Supply(code, partner, capacity=left, used=max(total - left, 0)))
        return supplies

    def supplies_of(self, partners: Collection[str]) -> tuple[list[Supply], dict[str, int]]:
        """The supplies of these partners' offerings (:attr:`_supplies`), in the order
        of ``offerings``, and their offerings' database ids by code."""
        numbers, partner_of, ids = self._places
        wanted = np.zeros(len(numbers), dtype=np.bool_)
        wanted[[numbers[p] for p in partners if p in numbers]] = True
        places = np.flatnonzero(wanted[partner_of]).tolist()
        made = self._supplies
        supplies = [made[place] for place in places]
        return supplies, {s.offering: ids[place] for s, place in zip(supplies, places, strict=True)}


def quarter_capacity(*, quarter: Quarter) -> QuarterCapacity:
    """The offerings' capacity for plans of ``quarter``, as of now. Three queries."""
    offerings = {
        code: (oid, partner, capacity)
        for oid, code, partner, capacity in Offering.objects.values_list(
            "id", "code", "partner__code", "capacity"
        )
    }
    free = free_capacity(
        quarter=quarter,
        offerings=[(oid, code, capacity) for code, (oid, _, capacity) in offerings.items()],
    )
    # Rank against the quarter's capacity; an offering already over before the quarter
    # starts cannot serve it.
    return QuarterCapacity(quarter, offerings, free, current_index().with_capacity(free))


def allocation_inputs(
    *,
    scope: Community,
    quarter: Quarter,
    exclude: Collection[tuple[str, str]] = (),
    candidates: int | None = None,
    min_score: float | None = None,
    as_of: dt.date | None = None,
    capacity: QuarterCapacity | None = None,
    reasons: bool = True,
    processes: int = 1,
) -> AllocationInputs:
    """Read the needs, capacity, kept and excluded pairings and the rankings of a plan
    (see the module's docstring). Offerings that have ended by ``as_of`` (default: today,
    or the quarter's first day when planning ahead) are left out. A fixed number of
    queries plus the ranking.

    ``capacity`` is the quarter's capacity read beforehand (:func:`quarter_capacity`),
    for many plans made one after another; by default it is read now. The plan's
    supplies are the offerings the rankings and kept pairings name, with every other
    offering of their partners (a partner's load counts all of its offerings): an
    offering no ranking names could not be given any need of the plan.

    Without ``reasons`` the candidates carry no reasons (a plan keeps a few of its 50-odd
    candidates a need): :func:`with_reasons` explains the plan's assignments after.
    ``processes``: a batch command's needs are read and ranked over that many processes
    (``settings.BATCH_PROCESSES``); the same inputs."""
    if capacity is None or capacity.quarter != quarter:
        capacity = quarter_capacity(quarter=quarter)
    needs = scope_needs(scope=scope, quarter=quarter)
    facts = needs_facts(needs)
    need_ids = dict(needs.values_list("code", "id"))

    kept: list[Pairing] = []
    excluded = set(exclude)
    for need, offering, quantity, status in Project.objects.filter(
        need_id__in=needs.values("id")
    ).values_list("need__code", "offering__code", "quantity", "status"):
        if status in Project.LIVE:
            kept.append(Pairing(need, offering, quantity))
        elif status in EXCLUDED_STATES:
            excluded.add((need, offering))

    index = capacity.index
    today = as_of or max(timezone.localdate(), quarter.start)
    limit = candidates or settings.ALLOCATION_CANDIDATES
    # Never below the ranking's relevance floor, whatever the setting says.
    floor = max(settings.ALLOCATION_MIN_SCORE if min_score is None else min_score, MIN_SCORE)
    # Read once: the ranking and the reasons of the plan's assignments read the same needs.
    if reasons:
        readings = index.read_needs(facts, processes=processes)
        listed = Candidates.of(
            index.rank_many(facts, limit=limit, today=today, readings=readings, processes=processes)
        )
    else:
        readings, listed = index.candidates(facts, limit=limit, today=today, processes=processes)
    listed = _with_kept_fits(listed, facts, kept)
    best = np.full(len(listed.needs), -np.inf)
    np.maximum.at(best, _ranking_of(listed), listed.scores)
    unserved = np.flatnonzero(best < floor).tolist()
    if unserved:
        explained = [index.rank(facts[i], limit=limit, explain=True, today=today) for i in unserved]
        listed = listed.with_rankings(
            dict(zip(unserved, _relevant_exclusions(explained), strict=True))
        )

    named = set(listed.offerings)
    named |= {pairing.offering for pairing in kept}
    partners = {capacity.offerings[code][1] for code in named if code in capacity.offerings}
    # In the order the offerings were read, as every plan has them.
    supplies, offering_ids = capacity.supplies_of(partners)

    return AllocationInputs(
        demands=[Demand(n.code, n.quantity, n.priority) for n in facts],
        supplies=supplies,
        candidates=listed,
        kept=kept,
        excluded=excluded,
        need_ids=need_ids,
        offering_ids=offering_ids,
        needs={n.code: n for n in facts},
        index=index,
        readings=readings,
    )


def with_reasons(plan: Plan, inputs: AllocationInputs, *, processes: int = 1) -> Plan:
    """``plan`` with the reasons of its assignments that have none (made from
    :func:`allocation_inputs` without ``reasons``), as the ranking gives them
    (:meth:`~matching.engine.ranking.MatchIndex.fit_many`, over ``processes``); scores
    stay the plan's."""
    wanted: dict[str, list[str]] = {}
    for a in plan.assignments:
        if not a.reasons and a.need in inputs.needs:
            wanted.setdefault(a.need, []).append(a.offering)
    if not wanted:
        return plan
    fits = inputs.index.fit_many(
        [(inputs.needs[need], wanted[need]) for need in wanted],
        readings=inputs.readings,
        processes=processes,
    )
    found = {
        (need, match.offering): match.reasons
        for need, matches in zip(wanted, fits, strict=True)
        for match in matches
    }
    return replace(
        plan,
        assignments=tuple(
            replace(a, reasons=found.get((a.need, a.offering), a.reasons)) for a in plan.assignments
        ),
    )


def _ranking_of(listed: Candidates) -> npt.NDArray[np.int64]:
    """Per candidate, the position of its need."""
    return np.repeat(np.arange(len(listed.needs)), np.diff(listed.starts))


def _with_kept_fits(listed: Candidates, facts: list[NeedFacts], kept: list[Pairing]) -> Candidates:
    """Add to each need's candidates the fit of its kept pairings that the ranking of
    what is still free leaves out (their units are taken, or they rank lower): a kept
    pair shows its real score and reasons, not 0."""
    if not kept:
        return listed
    listed_pairs = {
        (listed.needs[k], offering)
        for k, offering in zip(_ranking_of(listed).tolist(), listed.offerings, strict=True)
    }
    missing: dict[str, list[str]] = {}
    for pairing in kept:
        if (pairing.need, pairing.offering) not in listed_pairs:
            missing.setdefault(pairing.need, []).append(pairing.offering)
    if not missing:
        return listed
    index = current_index()
    by_code = {f.code: f for f in facts}
    changed: dict[int, Ranking] = {}
    for k, need in enumerate(listed.needs):
        offerings = missing.get(need)
        if offerings and need in by_code:
            ranking = listed.ranking(k)
            extra = index.fit(by_code[need], offerings)
            changed[k] = replace(ranking, matches=ranking.matches + extra)
    return listed.with_rankings(changed)


def _relevant_exclusions(rankings: list[Ranking]) -> list[Ranking]:
    """Keep only the exclusions of offerings of the kind of service each need is read
    as (its category or a related one): why those are out of reach is why the need
    stays unfilled; an unrelated offering outside the area says nothing about it."""
    codes = {e.offering for r in rankings for e in r.excluded}
    category_of = dict(Offering.objects.filter(code__in=codes).values_list("code", "category_id"))
    related: dict[str, set[str]] = {}
    for source, target in Category.related.through.objects.values_list(
        "from_category_id", "to_category_id"
    ):
        related.setdefault(source, set()).add(target)
        related.setdefault(target, set()).add(source)
    out = []
    for ranking in rankings:
        wanted = {g.code for g in ranking.categories if g.probability >= RELEVANT_GUESS}
        wanted |= {c for w in list(wanted) for c in related.get(w, ())}
        kept = tuple(e for e in ranking.excluded if category_of.get(e.offering) in wanted)
        out.append(replace(ranking, excluded=kept))
    return out


def allocation_plan(
    *,
    scope: Community,
    quarter: Quarter,
    exclude: Collection[tuple[str, str]] = (),
    engine: AllocationSettings | None = None,
    capacity: QuarterCapacity | None = None,
    processes: int = 1,
) -> Plan:
    """The plan for ``scope`` and ``quarter`` (nothing is written). The caller has
    checked that the user may administer the scope. ``capacity`` and ``processes``: as
    for :func:`allocation_inputs`."""
    inputs = allocation_inputs(
        scope=scope,
        quarter=quarter,
        exclude=exclude,
        min_score=engine.min_score if engine is not None else None,
        capacity=capacity,
        reasons=False,
        processes=processes,
    )
    plan = allocate(
        demands=inputs.demands,
        supplies=inputs.supplies,
        rankings=inputs.candidates,
        kept=inputs.kept,
        excluded=inputs.excluded,
        settings=engine or engine_settings(),
    )
    return with_reasons(plan, inputs, processes=processes)


def plan_payload(plan: Plan) -> dict[str, Any]:
    """The plan as JSON: ``{"assignments": [{"need", "offering", "quantity", "score",
    "partner", "kept", "reasons"}], "unfilled": [{"need", "missing", "reason", "text_zh",
    "text_en"}], "objective"}``. Kept pairings are listed with ``kept: true``."""
    return {
        "assignments": [
            {**_assignment_fields(a), "reasons": reasons_payload(a.reasons)}
            for a in plan.assignments
        ],
        **_plan_rest(plan),
    }


def plan_json(plan: Plan) -> str:
    """``json.dumps(plan_payload(plan), ensure_ascii=False)``, put together from pieces
    so that each reason is encoded once (``manage.py allocate --format json``)."""
    assignments = ", ".join(
        f'{encode_json(_assignment_fields(a))[:-1]}, "reasons": {reasons_json(a.reasons)}}}'
        for a in plan.assignments
    )
    return f'{{"assignments": [{assignments}], {encode_json(_plan_rest(plan))[1:]}'


def _assignment_fields(a: Assignment) -> dict[str, Any]:
    return {
        "need": a.need,
        "offering": a.offering,
        "quantity": a.quantity,
        "score": round(a.score, 6),
        "partner": a.partner,
        "kept": a.kept,
    }


def _plan_rest(plan: Plan) -> dict[str, Any]:
    return {
        "unfilled": [
            {
                "need": u.need,
                "missing": u.missing,
                "reason": u.reason,
                "text_zh": u.text_zh,
                "text_en": u.text_en,
            }
            for u in plan.unfilled
        ],
        "objective": round(plan.objective, 4),
    }


def allocation_jobs_visible_to(user: Actor) -> QuerySet[AllocationJob]:
    """Runs over an area the user administers (all for superusers)."""
    scope = scope_of(user)
    if scope.everything:
        return AllocationJob.objects.all()
    return AllocationJob.objects.filter(scope_id__in=IdSet(scope.area_ids))


# --- Writes -----------------------------------------------------------------------------------


def _new_assignments(
    payload: Mapping[str, Any], leave_out: Collection[tuple[str, str]] = ()
) -> Iterable[tuple[str, str, int]]:
    for a in payload.get("assignments", ()):
        if not a.get("kept") and (a["need"], a["offering"]) not in leave_out:
            yield a["need"], a["offering"], int(a["quantity"])


def plan_rows_left_out(
    payload: Mapping[str, Any], leave_out: Iterable[tuple[str, str]]
) -> set[tuple[str, str]]:
    """``leave_out`` as a set, checked against the plan: every pair must be one of the
    plan's new rows (a kept pairing is already a project and cannot be unticked), or
    ``InvalidInputError`` naming the pair."""
    rows = {(a["need"], a["offering"]): bool(a.get("kept")) for a in payload.get("assignments", ())}
    chosen = set()
    for position, (need, offering) in enumerate(leave_out):
        kept = rows.get((need, offering))
        if kept is None or kept:
            what = "已有的项目不能在这里取消" if kept else "方案里没有这一行"
            raise InvalidInputError(
                f"leave_out[{position}]: {what}：{need} / {offering} / "
                + ("a kept pairing is already a project" if kept else "not a row of the plan"),
                fields={f"leave_out.{position}": [f"{need}/{offering}"]},
            )
        chosen.add((need, offering))
    return chosen


@transaction.atomic
def allocation_commit(
    *,
    actor: Actor,
    quarter: Quarter,
    payload: Mapping[str, Any],
    leave_out: Collection[tuple[str, str]] = (),
) -> list[Project]:
    """Turn a plan (as :func:`plan_payload` gives it) into proposed projects of
    ``quarter``, through ``projects_propose``: all of them or, on the first refusal (a
    need cancelled since, a pairing made meanwhile), none. Kept pairings already are
    projects and are skipped. ``projects_propose`` checks that ``actor`` administers
    each need's community. Rows named in ``leave_out`` (need, offering) are not taken.
    A fixed number of queries, whatever the size of the plan."""
    pairs = list(_new_assignments(payload, leave_out))
    needs = Need.objects.select_related("community").in_bulk(
        [n for n, _, _ in pairs], field_name="code"
    )
    offerings = Offering.objects.select_related("partner").in_bulk(
        [o for _, o, _ in pairs], field_name="code"
    )
    for need, offering, _ in pairs:
        if need not in needs or offering not in offerings:
            raise ConflictError(
                f"方案中的需求或资源已不存在：{need} / {offering} / the plan refers to a "
                "need or offering that no longer exists; run the allocation again"
            )
    return projects_propose(
        actor=actor,
        pairs=[(needs[n], offerings[o], quantity) for n, o, quantity in pairs],
        quarter=quarter,
    )


def allocation_job_start(*, actor: Actor, scope_code: str, quarter: str) -> AllocationJob:
    """Queue a run of the allocation over the area ``scope_code`` for ``quarter``; a
    worker computes it (:func:`allocation_job_run`). Only administrators over the area
    may (``NotAllowedError``); a bad scope or quarter is ``InvalidInputError``."""
    scope = find_scope(scope_code)
    parsed = parse_quarter(quarter)
    require(
        has_perm(actor, "partners.administer_community", scope),
        "只有该范围的管理员可以分配 / only administrators over the area may allocate",
        "scope",
    )
    job = AllocationJob.objects.create(
        scope=scope, quarter=str(parsed), created_by_id=scope_of(actor).user_id
    )
    enqueue_on_commit("matching.tasks.run_allocation_job", job.pk)
    return job


def allocation_job_run(*, job_id: int) -> AllocationJob:
    """Compute a queued run's plan and store it (status ``done``), or the error (status
    ``failed``). A run no longer pending is left as it is (a task delivered twice)."""
    with transaction.atomic():
        job = AllocationJob.objects.select_for_update().get(pk=job_id)
        if job.status != AllocationJob.Status.PENDING:
            return job
        job.status = AllocationJob.Status.RUNNING
        job.save(update_fields=["status"])
    try:
        plan = allocation_plan(scope=job.scope, quarter=Quarter.parse(job.quarter))
    except Exception as exc:  # the run records any failure for the user to read
        log.exception("allocation run %s failed", job.pk)
        job.status = AllocationJob.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.plan = plan_payload(plan)
    job.status = AllocationJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["plan", "status", "finished_at"])
    return job


@transaction.atomic
def allocation_job_accept(
    *, actor: Actor, job: AllocationJob, leave_out: Iterable[tuple[str, str]] = ()
) -> AllocationJob:
    """采纳: turn a finished run's plan into proposed projects (:func:`allocation_commit`)
    and mark it ``accepted``; the rows named in ``leave_out`` (need, offering), unticked
    by the administrator, are not taken and are recorded on the run. The secretaries of
    the communities concerned get one notice each, with the count of proposed projects
    waiting for them to dispatch. Locks the run's row (``SELECT … FOR UPDATE``) so a
    plan is accepted once; a run not ``done`` is ``ConflictError``; only administrators
    over its area may (``NotAllowedError``)."""
    require(
        has_perm(actor, "partners.administer_community", job.scope_id),
        "只有该范围的管理员可以采纳方案 / only administrators over the area may accept",
        "scope",
    )
    locked = AllocationJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != AllocationJob.Status.DONE or locked.plan is None:
        label = chinese(AllocationJob.Status(locked.status).label)
        raise ConflictError(
            f"方案{label}，不能采纳 / the run is {locked.status}, only a done run is accepted",
            fields={"status": [locked.status]},
        )
    left_out = plan_rows_left_out(locked.plan, leave_out)
    projects = allocation_commit(
        actor=actor,
        quarter=Quarter.parse(locked.quarter),
        payload=locked.plan,
        leave_out=left_out,
    )
    locked.projects.add(*projects)
    locked.status = AllocationJob.Status.ACCEPTED
    locked.accepted_by_id = scope_of(actor).user_id
    locked.accepted_at = timezone.now()
    locked.plan = {
        **locked.plan,
        "left_out": [{"need": n, "offering": o} for n, o in sorted(left_out)],
    }
    locked.save(update_fields=["status", "accepted_by", "accepted_at", "plan"])
    proposed_work_notify(projects=projects, key=f"allocation:{locked.pk}")
    return locked
