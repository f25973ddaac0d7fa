"""限时办结: the times a community promises, read from its district's policy.

A policy is a list of rules in working days of the mainland calendar
(``core.workdays``)::

    {"applies_to": "request" | "need", "source": "" | "meeting" | "resident" | "survey",
     "priority": "" | "low" | "normal" | "high" | "urgent",
     "respond_days": 2, "complete_days": 10}

For a request, *respond* is answering it (turned into a need, or declined with a
reason) and *complete* is the work done; for a need, *respond* is dispatching it (the
first project handed to a partner) and *complete* is the need done. The most specific
rule wins (one naming the source and the priority over one naming either, over the
general rule); every policy holds a general rule for requests and for needs. A
district without its own policy uses :data:`DEFAULT_RULES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.problems import Problems
from core.workdays import add_workdays
from needs.models import DeadlinePolicy, Need, ResidentRequest
from partners.models import Community

KINDS = ("request", "need")
MAX_DAYS = 365
DEFAULT_RULES: list[dict[str, Any]] = [
    {"applies_to": "request", "source": "", "priority": "", "respond_days": 2, "complete_days": 15},
    {
        "applies_to": "request",
        "source": "",
        "priority": "urgent",
        "respond_days": 1,
        "complete_days": 5,
    },
    {"applies_to": "need", "source": "", "priority": "", "respond_days": 10, "complete_days": 40},
    {
        "applies_to": "need",
        "source": "",
        "priority": "urgent",
        "respond_days": 1,
        "complete_days": 10,
    },
    {
        "applies_to": "need",
        "source": "",
        "priority": "high",
        "respond_days": 5,
        "complete_days": 20,
    },
    {
        "applies_to": "need",
        "source": "resident",
        "priority": "",
        "respond_days": 5,
        "complete_days": 20,
    },
]


@dataclass(frozen=True)
class Promise:
    respond_by: dt.datetime
    complete_by: dt.datetime
    version: int


def validate_rules(rules: object) -> list[dict[str, Any]]:
    """The rules, normalised; ``InvalidInputError`` naming each fault
    (``rules[2].respond_days``)."""
    problems = Problems()
    if not isinstance(rules, list) or not rules:
        problems.add("rules", "规则应为非空列表 / expected a non-empty list of rules")
        problems.raise_if_any()
    clean: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    sources = {s.value for s in Need.Source}
    priorities = {p.value for p in Need.Priority}
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        where = f"rules[{i}]"
        if not isinstance(rule, Mapping):
            problems.add(where, "每条规则应为对象 / each rule is an object")
            continue
        kind = rule.get("applies_to")
        source = rule.get("source") or ""
        priority = rule.get("priority") or ""
        if kind not in KINDS:
            problems.add(f"{where}.applies_to", f"应为 request 或 need / expected one of {KINDS}")
        if source not in sources | {""}:
            problems.add(f"{where}.source", f"未知来源 {source!r} / unknown source")
        if priority not in priorities | {""}:
            problems.add(f"{where}.priority", f"未知紧急程度 {priority!r} / unknown priority")
        if kind == "request" and (source or priority not in ("", "urgent")):
            problems.add(
                where,
                "居民点单的规则不分来源，只分是否紧急 / request rules take no source, "
                "and no priority but urgent",
            )
        days = {}
        for name in ("respond_days", "complete_days"):
            value = rule.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
                problems.add(
                    f"{where}.{name}",
                    f"应为 1 到 {MAX_DAYS} 的整数（工作日）/ whole working days 1 to {MAX_DAYS}",
                )
            else:
                days[name] = value
        if len(days) == 2 and days["complete_days"] < days["respond_days"]:
            problems.add(
                f"{where}.complete_days", "办结时限不能早于响应时限 / complete before respond"
            )
        key = (str(kind), str(source), str(priority))
        if key in seen:
            problems.add(where, "与前面的规则重复 / the same as an earlier rule")
        seen.add(key)
        clean.append({"applies_to": kind, "source": source, "priority": priority, **days})
    for kind in KINDS:
        if (kind, "", "") not in seen:
            problems.add(
                "rules",
                f"缺少适用于所有{'居民点单' if kind == 'request' else '需求'}的通用规则 / "
                f"a general {kind} rule (no source, no priority) is required",
            )
    problems.raise_if_any()
    return clean


def district_of(community: Community) -> Community | None:
    """The district above (or at) ``community``."""
    place: Community | None = community
    while place is not None and place.level != Community.Level.DISTRICT:
        place = place.parent
    return place


def policy_for(community: Community) -> tuple[list[dict[str, Any]], int]:
    """The rules and version that apply in ``community``'s district (defaults: 0)."""
    district = district_of(community)
    policy = (
        DeadlinePolicy.objects.filter(district=district).first() if district is not None else None
    )
    if policy is None:
        return DEFAULT_RULES, 0
    return list(policy.rules), policy.version


def pick_rule(
    rules: Sequence[Mapping[str, Any]], kind: str, source: str = "", priority: str = ""
) -> Mapping[str, Any]:
    """The most specific rule for ``kind`` with ``source`` and ``priority``."""
    best: tuple[int, Mapping[str, Any]] | None = None
    for rule in rules:
        if rule["applies_to"] != kind:
            continue
        if rule["source"] and rule["source"] != source:
            continue
        if rule["priority"] and rule["priority"] != priority:
            continue
        rank = (2 if rule["priority"] else 0) + (1 if rule["source"] else 0)
        if best is None or rank > best[0]:
            best = (rank, rule)
    if best is None:
        raise LookupError(f"no {kind} rule")
    return best[1]


def rule_for(item: Need | ResidentRequest) -> tuple[Mapping[str, Any], int]:
    """The rule of its district's policy that applies to ``item``, and the policy's
    version."""
    rules, version = policy_for(item.community)
    if isinstance(item, Need):
        return pick_rule(rules, "need", item.source, item.priority), version
    return pick_rule(rules, "request", "", "urgent" if item.urgent else ""), version


def promise_for(item: Need | ResidentRequest, *, start: dt.datetime) -> Promise:
    """The deadlines ``item`` gets, counted from ``start``."""
    rule, version = rule_for(item)
    return Promise(
        respond_by=add_workdays(start, int(rule["respond_days"])),
        complete_by=add_workdays(start, int(rule["complete_days"])),
        version=version,
    )


def stamp(item: Need | ResidentRequest, *, start: dt.datetime) -> None:
    """Set ``item``'s deadlines from its district's policy (not saved)."""
    promise = promise_for(item, start=start)
    item.respond_by = promise.respond_by
    item.complete_by = promise.complete_by
    item.policy_version = promise.version
