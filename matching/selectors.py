"""Reads of the matching: ranked offerings for needs, category suggestions, and the
reading evidence. The API, the pages and the commands all go through these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.queries import IdSet
from matching.engine.categories import CONFIDENT
from matching.engine.types import CategoryGuess, Match, Ranking, Reading
from matching.facts import need_facts, needs_facts
from matching.index import current_index
from matching.models import ReadingExample
from matching.opportunities import open_need_readings
from needs.models import Need, Project
from partners.models import Category, Community, DeliveryMode, Offering, Partner
from partners.selectors import scope_of


def matches_for(*, need: Need, limit: int = 10, explain: bool = False) -> Ranking:
    """The offerings best serving ``need``, best first, with their reasons; with
    ``explain``, also the notable candidates left out and why. The caller has checked
    that the user may see the need (``needs_visible_to``)."""
    return current_index().rank(
        need_facts(need), limit=limit, explain=explain, today=timezone.localdate()
    )


def matches_for_many(
    *, needs: QuerySet[Need], limit: int = 10, processes: int = 1
) -> list[Ranking]:
    """:func:`matches_for` for many needs at once, in the queryset's order; a batch
    command ranks them over ``processes`` processes (``settings.BATCH_PROCESSES``)."""
    return current_index().rank_many(
        needs_facts(needs), limit=limit, today=timezone.localdate(), processes=processes
    )


def suggest_categories(
    text: str, *, limit: int = 3, district: str | None = None
) -> tuple[CategoryGuess, ...]:
    """The service categories a need's text reads as, most likely first."""
    return read_text(text, district=district, limit=limit).categories


def read_text(text: str, *, district: str | None = None, limit: int = 3) -> Reading:
    """What ``text`` is about as the engine reads it in ``district`` (whose confirmed
    examples shift the reading there only): the likeliest categories with calibrated
    probabilities, the delivery modes and beneficiary groups it implies, and whether the
    engine is confident. The need form, the API and ``manage.py read_need`` all read here."""
    return current_index().read(text, district=district, limit=limit)


def need_reading(*, need: Need) -> Reading:
    """How the engine reads ``need`` when it has no category (its own category ignored):
    from its text, beneficiaries and modes, in its community's district, as ranking,
    coverage and allocation read it. Modes and groups are the need's own."""
    guesses = current_index().read_need(need_facts(need))
    return Reading(
        categories=guesses,
        modes=tuple(need.modes),
        beneficiaries=tuple(need.beneficiaries),
        confident=bool(guesses) and guesses[0].probability >= CONFIDENT,
    )


def reader_district(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The district whose confirmed examples shape readings for ``user``: that of the
    first community (by code) the user administers, else of their home; None for those
    over every district (they read with no district's examples)."""
    scope = scope_of(user)
    if scope.everything:
        return None
    ids = scope.area_ids or scope.home_ids
    first = (
        Community.objects.filter(id__in=ids).order_by("code").values_list("code", flat=True)
    ).first()
    return current_index().district_of(first) if first else None


def reading_payload(reading: Reading) -> dict[str, Any]:
    """A reading as the API and the command give it, categories named (one query)."""
    names = {
        code: (zh, en)
        for code, zh, en in Category.objects.filter(
            code__in=[g.code for g in reading.categories]
        ).values_list("code", "name_zh", "name_en")
    }
    return {
        "categories": [
            {
                "code": g.code,
                "name": names.get(g.code, (g.code, g.code))[0],
                "name_en": names.get(g.code, (g.code, g.code))[1],
                "probability": g.probability,
            }
            for g in reading.categories
        ],
        "modes": list(reading.modes),
        "beneficiaries": list(reading.beneficiaries),
        "confident": reading.confident,
    }


def reading_examples_visible_to(
    user: AbstractBaseUser | AnonymousUser,
) -> QuerySet[ReadingExample]:
    """The reading evidence a user may see: that of the districts she administers, and
    that learned from the needs of the areas she administers (a street's, a community's).
    Partners and residents see none."""
    scope = scope_of(user)
    examples = ReadingExample.objects.select_related(
        "district", "category", "need", "created_by", "deactivated_by"
    )
    if scope.everything:
        return examples
    if not scope.area_ids:
        return examples.none()
    return examples.filter(
        Q(district_id__in=IdSet(scope.area_ids)) | Q(need__community_id__in=IdSet(scope.area_ids))
    )


_WEEKDAY_NAMES = ("", "周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _offering_facts(offering: Offering, mode_names: dict[str, str]) -> dict[str, str]:
    """What a secretary reads to tell an offering from a look-alike: delivery modes, area,
    weekly hours, validity, cost, and its code as the last resort."""
    if offering.area_radius_km is not None:
        area = f"服务半径{offering.area_radius_km:g}公里"
    else:
        names = sorted(c.name for c in offering.area_communities.all())
        area = "服务" + "、".join(names[:3]) + (f"等{len(names)}处" if len(names) > 3 else "")
    hours = "、".join(
        f"{_WEEKDAY_NAMES[s['weekday']]}{s['start']}-{s['end']}"
        for s in offering.availability[:4]
        if 1 <= int(s.get("weekday", 0)) <= 7
    )
    valid = ""
    if offering.valid_from or offering.valid_until:
        valid = f"有效期{offering.valid_from or ''}至{offering.valid_until or ''}"
    return {
        "modes": "方式：" + "、".join(mode_names.get(m, m) for m in offering.modes),
        "area": area,
        "hours": f"时间：{hours}" if hours else "时间：不限",
        "valid": valid,
        "cost": f"收费：{offering.get_cost_display()}",
        "code": f"编号{offering.code}",
    }


def telling_apart(offerings: Sequence[Offering]) -> dict[str, list[str]]:
    """For offerings that share a title with another in ``offerings`` (same partner or
    not), the facts that differ between them (delivery modes, area, weekly hours,
    validity, cost; the code when nothing else does), keyed by offering code. Offerings
    with a title of their own get nothing. ``area_communities`` should be prefetched."""

    if not offerings:
        return {}
    # Read whether or not titles repeat, so that a page costs the same queries either way.
    mode_names = dict(DeliveryMode.objects.values_list("code", "name_zh"))
    by_title: dict[str, list[Offering]] = {}
    for offering in offerings:
        by_title.setdefault(offering.title.strip(), []).append(offering)
    groups = [group for group in by_title.values() if len(group) > 1]
    result: dict[str, list[str]] = {}
    for group in groups:
        facts = [_offering_facts(o, mode_names) for o in group]
        differing = [k for k in facts[0] if k != "code" and len({f[k] for f in facts}) > 1]
        for offering, fact in zip(group, facts, strict=True):
            shown = [fact[k] for k in differing if fact[k]]
            result[offering.code] = shown or [fact["code"]]
    return result


# --- 认领: the needs a partner could serve ---------------------------------------------------

OPPORTUNITIES_MAX = 100


@dataclass(frozen=True)
class OpportunityRow:
    """One open need a partner's offering could serve, for the partner's eyes: the need's
    own words and place (its community, never a resident's address or phone), the
    offering that fits it best and the match the need's own ranking gives it."""

    need: Need
    offering: Offering
    match: Match
    km: float | None
    category: str | None  # the need's category, or the likeliest reading of it
    small_wish: bool  # 微心愿: a resident's need for one unit


def partners_claiming_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Partner]:
    """The verified partners ``user`` claims needs for (those she is a member of)."""
    scope = scope_of(user)
    partners = Partner.objects.filter(status=Partner.Status.VERIFIED)
    if scope.everything:
        return partners
    return partners.filter(id__in=scope.partner_ids)


def opportunities_for(
    *,
    partner: Partner,
    category: str | None = None,
    max_km: float | None = None,
    limit: int = 20,
) -> list[OpportunityRow]:
    """The open needs ``partner``'s offerings could serve, best first: ranking in
    reverse, each pair scored as the need's own ranking scores it (hard rules, the
    relevance floor, reasons). Needs the partner already claimed or serves are left
    out; ``category`` keeps needs of that category (as set, or as read), ``max_km``
    those within that distance of the partner. The API and the page both read here."""
    index = current_index()
    readings = open_need_readings(index)
    codes = list(partner.offerings.values_list("code", flat=True))
    taken = set(
        Project.objects.filter(
            offering__partner=partner, status__in=Project.LIVE, need__status=Need.Status.OPEN
        ).values_list("need__code", flat=True)
    )
    read_as = index.read_as(readings)
    position = index.position_of(readings)
    allowed = read_as == category if category else np.ones(read_as.size, dtype=np.bool_)
    allowed[[position[code] for code in taken if code in position]] = False
    found = index.opportunities(
        readings,
        codes,
        limit=limit,
        today=timezone.localdate(),
        allowed=allowed,
        max_km=max_km,
    )
    picked = [(o, str(read_as[position[o.need]])) for o in found]
    needs = Need.objects.select_related("community", "category").in_bulk(
        [o.need for o, _ in picked], field_name="code"
    )
    offerings = Offering.objects.select_related("category").in_bulk(
        [o.match.offering for o, _ in picked], field_name="code"
    )
    return [
        OpportunityRow(
            need=needs[o.need],
            offering=offerings[o.match.offering],
            match=o.match,
            km=o.km,
            category=read_as,
            small_wish=needs[o.need].is_small_wish,
        )
        for o, read_as in picked
        if o.need in needs and o.match.offering in offerings
    ]
