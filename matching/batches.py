"""City-wide batches split by street into Celery tasks that any number of workers share.

Every open need's suggestions (``manage.py match --all --spread``): one part per street
and one for needs under no street, each ranking its needs together as the command does
in one process (:func:`street_suggestions`); the command writes them in need order.

The quarter's allocation: one plan per street (what its administrator would run), each
reading the capacity left to the whole quarter, then gathered by the process that asked
for them and reconciled across streets there (:func:`reconcile_street_plans`) so that
together they never promise an offering more units than it has left; the same plans as
computed one after the other in one process
(``tests/production/test_city_allocation_spread_over_workers.py``). They are proposals:
accepting one street's plan takes capacity the next plan then no longer sees.

A worker making street plans one after another reads the quarter's capacity of every
offering once (:data:`SHARED_CAPACITY_SECONDS`, and only while the data's version
stands), not once per street: that read grows with the city, a street's plan does not.
The gathering step reads the capacity afresh. The plans are gathered where they are
awaited rather than by a chord's last task: a city's plans are some 100 MB of JSON, which
the chord's bookkeeping handled street by street and then sent through the broker twice
more; the generated city's allocation took 166 s that way and 88 s this way. Once
gathered, the parts' results are forgotten by the result backend (:func:`collected`):
they are read once, and a city's run would otherwise hold some hundreds of MB in Redis
for the week results are kept.

Without a broker the tasks run one after the other in-process.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from celery import group
from celery.result import GroupResult
from django.db.models import QuerySet
from django.utils import timezone

from core.tasks import signature
from matching.allocation import (
    QuarterCapacity,
    allocation_plan,
    engine_settings,
    free_capacity,
    parse_quarter,
    plan_payload,
    quarter_capacity,
)
from matching.engine import spread
from matching.engine.allocation import UNFILLED_TEXTS, Solver
from matching.engine.quarters import Quarter
from matching.facts import needs_facts
from matching.index import current_index, index_state
from matching.presenters import ranking_line
from matching.selectors import matches_for_many
from needs.models import Need
from partners.models import Community
from partners.selectors import community_subtree_ids

# Street plans are solved with OR-Tools' min-cost flow: on a city's street (about 15,000
# arcs) networkx's network simplex took 0.8 of the plan's 1.5 s; both find the optimum.
STREET_SOLVER: Solver = "ortools"
# How many needs' rankings suggestion_lines() holds at once while writing their lines.
LINES_BLOCK = 500
# How long a worker's street plans share one read of the quarter's capacity.
SHARED_CAPACITY_SECONDS = 120.0
_shared: tuple[tuple[str, str, int], float, QuarterCapacity] | None = None
_shared_lock = threading.Lock()


def _shared_capacity(quarter: Quarter) -> QuarterCapacity:
    """The quarter's capacity as read by this process's last street plan, when the data
    has not changed since and it is recent enough; otherwise read now."""
    global _shared
    key = (str(quarter), *index_state())
    if not key[1]:
        # Nothing recorded yet: no version tells whether the data changed.
        return quarter_capacity(quarter=quarter)
    with _shared_lock:
        if _shared is not None:
            shared_key, read_at, capacity = _shared
            if shared_key == key and time.monotonic() - read_at < SHARED_CAPACITY_SECONDS:
                return capacity
        capacity = quarter_capacity(quarter=quarter)
        _shared = (key, time.monotonic(), capacity)
        return capacity


def street_ids() -> list[int]:
    """The streets whose needs form one part each (every community with a need hangs
    under one street: needs sit at community level or below)."""
    return list(
        Community.objects.filter(level=Community.Level.STREET)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def street_plan(*, street_id: int, quarter: str) -> dict[str, Any]:
    """One street's allocation plan for ``quarter`` as JSON, with the street's code."""
    street = Community.objects.get(pk=street_id, level=Community.Level.STREET)
    planned = parse_quarter(quarter)
    plan = allocation_plan(
        scope=street,
        quarter=planned,
        capacity=_shared_capacity(planned),
        engine=replace(engine_settings(), solver=STREET_SOLVER),
    )
    return {"street": street.code, "quarter": quarter, **plan_payload(plan)}


def reconcile_street_plans(
    parts: Sequence[Mapping[str, Any]], capacity: Mapping[str, int]
) -> dict[str, dict[str, Any]]:
    """Street plans (:func:`street_plan`), each made against the whole of ``capacity``
    (units each offering can still be promised), made to share it: by street code.

    Over all the plans, an offering's new assignments keep their units best score first
    (then by street, need) up to its capacity; kept pairings hold theirs already. What
    does not fit is withdrawn from its plan, listed under ``withdrawn``, and its need is
    unfilled for those units with the reason ``taken_elsewhere``. A plan's ``objective``
    stays the street's own."""
    new = sorted(
        (
            (-float(a["score"]), part["street"], a["need"], a["offering"], k)
            for part in parts
            for k, a in enumerate(part["assignments"])
            if not a["kept"]
        ),
    )
    by_street = {part["street"]: part for part in parts}
    left = dict(capacity)
    granted: dict[tuple[str, int], int] = {}
    for _, street, _, offering, k in new:
        wanted = int(by_street[street]["assignments"][k]["quantity"])
        take = min(wanted, max(left.get(offering, 0), 0))
        left[offering] = left.get(offering, 0) - take
        granted[(street, k)] = take
    text_zh, text_en = UNFILLED_TEXTS["taken_elsewhere"]
    out: dict[str, dict[str, Any]] = {}
    for part in parts:
        street = part["street"]
        assignments: list[dict[str, Any]] = []
        withdrawn: list[dict[str, Any]] = []
        missing: dict[str, int] = {}
        for k, a in enumerate(part["assignments"]):
            take = int(a["quantity"]) if a["kept"] else granted[(street, k)]
            if take:
                assignments.append({**a, "quantity": take})
            if take < int(a["quantity"]):
                lost = int(a["quantity"]) - take
                withdrawn.append({"need": a["need"], "offering": a["offering"], "quantity": lost})
                missing[a["need"]] = missing.get(a["need"], 0) + lost
        unfilled = []
        for u in part["unfilled"]:
            lost = missing.pop(u["need"], 0)
            if lost:
                u = {**u, "missing": u["missing"] + lost, "reason": "taken_elsewhere"}
                u.update(text_zh=text_zh, text_en=text_en)
            unfilled.append(u)
        unfilled += [
            {
                "need": need,
                "missing": lost,
                "reason": "taken_elsewhere",
                "text_zh": text_zh,
                "text_en": text_en,
            }
            for need, lost in sorted(missing.items())
        ]
        out[street] = {
            **part,
            "assignments": assignments,
            "unfilled": unfilled,
            "withdrawn": withdrawn,
        }
    return out


def gather_street_plans(parts: Sequence[Mapping[str, Any]], quarter: str) -> dict[str, Any]:
    """The street plans of ``quarter`` reconciled against the capacity free now."""
    return reconcile_street_plans(parts, free_capacity(quarter=parse_quarter(quarter)))


def collected(parts: GroupResult, timeout: float | None) -> list[Any]:
    """Every part's result, waited for up to ``timeout`` seconds (a part that failed
    raises its error), then deleted from the result backend, whether or not they came:
    the caller is the only reader of a batch's parts."""
    try:
        return list(parts.get(timeout=timeout))
    finally:
        parts.forget()


@dataclass(frozen=True)
class CityPlans:
    """A quarter's street plans being made on the workers (:func:`city_allocation`)."""

    quarter: str
    parts: GroupResult

    def get(self, timeout: float | None = None) -> dict[str, Any]:
        """Wait up to ``timeout`` seconds for every street's plan, then reconcile them in
        this process (:func:`gather_street_plans`): ``{street code: plan}``. A street
        whose plan failed raises its error."""
        return gather_street_plans(collected(self.parts, timeout), self.quarter)


def city_allocation(*, quarter: str) -> CityPlans:
    """Enqueue one allocation plan per street for ``quarter``; :meth:`CityPlans.get`
    gives ``{street code: plan}``, the plans reconciled across streets (see
    :func:`reconcile_street_plans`)."""
    parts = [
        signature("matching.tasks.plan_street_allocation", street, quarter, immutable=True)
        for street in street_ids()
    ]
    result: GroupResult = group(parts)()
    return CityPlans(quarter=quarter, parts=result)


def street_suggestions(*, street_id: int | None, limit: int) -> list[tuple[str, str]]:
    """Every open need's best ``limit`` offerings in one street (``None``: the open needs
    under no street), by need code: each need's code and its line of JSON
    (:func:`~matching.presenters.ranking_line`). Written here, on the worker, the lines
    travel as text and are not read again by the process gathering them."""
    needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
    if street_id is None:
        needs = needs.exclude(community_id__in=community_subtree_ids(street_ids()))
    else:
        needs = needs.filter(community_id__in=community_subtree_ids([street_id]))
    return [
        (ranking.need, ranking_line(ranking))
        for ranking in matches_for_many(needs=needs, limit=limit)
    ]


def suggestion_lines(*, needs: QuerySet[Need], limit: int, processes: int = 1) -> Iterator[str]:
    """Every need's best ``limit`` offerings as its line of JSON
    (:func:`~matching.presenters.ranking_line`), in the queryset's order: ranked and
    written over ``processes`` processes of this machine, each taking whole communities
    (:mod:`~matching.engine.spread`).

    Each process writes its lines to a file of its own as it ranks them, a block of
    communities at a time, and says where each line lies; the lines are then read back
    in the needs' order. No process holds every line, nor every ranking: a district's
    5,000 lines are 55 MB of text, a city's ten times that."""
    facts = needs_facts(needs)
    index = current_index()
    today = timezone.localdate()
    with tempfile.TemporaryDirectory(prefix="jinlin-suggestions-") as folder:

        def write(part: list[int]) -> list[tuple[str, int, int]]:
            path = os.path.join(folder, f"{os.getpid()}-{part[0]}.jsonl")
            places: list[tuple[str, int, int]] = []
            with open(path, "wb") as out:
                for begin in range(0, len(part), LINES_BLOCK):
                    block = [facts[k] for k in part[begin : begin + LINES_BLOCK]]
                    for ranking in index.rank_many(block, limit=limit, today=today):
                        line = ranking_line(ranking).encode()
                        places.append((path, out.tell(), len(line)))
                        out.write(line)
            return places

        places = spread.in_order(
            write, range(len(facts)), key=lambda k: facts[k].community, processes=processes
        )
        files: dict[str, BinaryIO] = {}
        try:
            for path, offset, size in places:
                file = files.get(path)
                if file is None:
                    file = files[path] = open(path, "rb")  # noqa: SIM115 - closed below
                file.seek(offset)
                yield file.read(size).decode()
        finally:
            for file in files.values():
                file.close()


def city_suggestions(*, limit: int) -> GroupResult:
    """Enqueue every open need's suggestions, one part per street and one for needs
    under no street (see :func:`street_suggestions`); each part's result is its records,
    to be read with :func:`collected`."""
    parts = [
        signature("matching.tasks.suggest_for_street", street, limit, immutable=True)
        for street in [*street_ids(), None]
    ]
    result: GroupResult = group(parts)()
    return result
