"""Synthetic districts in the ``jinlin-interchange/1`` format.

:func:`generate_region` writes a whole, plausible district — streets, communities,
stations, partners of every kind, their offerings, quarterly liaison meetings and the
needs raised there or posted by residents — for demos, benchmarks and load tests.

The text is this product's own: every title and description is composed from phrase
pools (``phrases.json``) written per service category, with several phrasings each, so
that a ranking built on it has to understand the words rather than recognise a handful of sentences.
Nothing here depends on the clock or on the global ``random`` state: the same
arguments always give the same document.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = "jinlin-interchange/1"
DEFAULT_START = dt.date(2026, 10, 1)
# About how many offerings one partner keeps when the caller does not say how many partners.
OFFERINGS_PER_PARTNER = 1.7
_STANDARD = Path(__file__).resolve().parent.parent / "partners" / "standard"
_STANDARD_FILE = _STANDARD / "categories-v1.json"

_PHRASES_FILE = Path(__file__).resolve().with_name("phrases.json")

Slot = tuple[tuple[int, ...], str, str]


def _load_phrases() -> dict[str, Any]:
    """The phrase pools the text is composed from (``phrases.json``; its ``about`` says
    what each pool holds and which placeholders a pattern takes)."""
    data: dict[str, Any] = json.loads(_PHRASES_FILE.read_text(encoding="utf-8"))
    return data


def _weekly(patterns: list[list[list[Any]]]) -> list[list[Slot]]:
    return [[(tuple(days), start, end) for days, start, end in pattern] for pattern in patterns]


# Read once, when the module is first imported; the generator only ever reads them.
_PHRASES = _load_phrases()
# Per category: ot offering titles, ob what the offering does, nt need titles, ns
# situations (an "@group " lead says whom one concerns), na asks, unit what capacity counts.
CONTENT: dict[str, dict[str, Any]] = _PHRASES["content"]
# Generic pieces wrapped around the per-category text.
_OFFER_LEADS: dict[str, list[str]] = _PHRASES["offer_leads"]
_OFFER_TAILS: list[str] = _PHRASES["offer_tails"]
_NEED_OPENINGS: dict[str, list[str]] = _PHRASES["need_openings"]
_GENERIC_ASKS: list[str] = _PHRASES["generic_asks"]
# Places and people.
_DISTRICTS: list[tuple[str, float, float]] = [
    (name, lat, lng) for name, lat, lng in _PHRASES["districts"]
]
_PLACE_FIRST = list(_PHRASES["place_first"])
_PLACE_SECOND = list(_PHRASES["place_second"])
_STATION_KINDS: list[str] = _PHRASES["station_kinds"]
_ROADS: list[str] = _PHRASES["roads"]
_BRAND = list(_PHRASES["brand"])
_SURNAMES = list(_PHRASES["surnames"])
_GIVEN = list(_PHRASES["given"])
_OFFICE_TITLES: list[str] = _PHRASES["office_titles"]
# Partner templates: (unit_type, name pattern, categories it usually offers) for units,
# (name pattern, categories) for social organisations; resident personas: (what they
# are, how neighbours address them, categories).
_UNIT_TEMPLATES: list[tuple[str, str, list[str]]] = [
    (unit_type, pattern, cats) for unit_type, pattern, cats in _PHRASES["unit_templates"]
]
_SOCIAL_ORG_TEMPLATES: list[tuple[str, list[str]]] = [
    (pattern, cats) for pattern, cats in _PHRASES["social_org_templates"]
]
_PERSONAS: list[tuple[str, list[str], list[str]]] = [
    (persona, honorifics, cats) for persona, honorifics, cats in _PHRASES["personas"]
]
_PARTNER_BLURBS: dict[str, list[str]] = _PHRASES["partner_blurbs"]
_PARTNER_TAGS: list[str] = _PHRASES["partner_tags"]
_CHINESE_ORDINALS = "一二三四五六七八九十"
# Weekly patterns: each a list of (weekdays, start, end).
_SLOT_PATTERNS = _weekly(_PHRASES["slot_patterns"])
_PREFERRED_PATTERNS = _weekly(_PHRASES["preferred_patterns"])
_MEETING_TITLES: list[str] = _PHRASES["meeting_titles"]
_MODE_CODES = ("at_center", "at_partner", "home_visit", "online")


@cache
def _standard() -> dict[str, Any]:
    """The service standard shipped with the product (the same file the migration loads)."""
    data: dict[str, Any] = json.loads(_STANDARD_FILE.read_text(encoding="utf-8"))
    return data


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    return dt.date(day.year + month0 // 12, month0 % 12 + 1, min(day.day, 28))


def _slots(pattern: list[Slot]) -> list[dict[str, Any]]:
    return [
        {"weekday": weekday, "start": start, "end": end}
        for weekdays, start, end in pattern
        for weekday in weekdays
    ]


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _person(rng: random.Random) -> str:
    given = "".join(rng.sample(_GIVEN, rng.choice((1, 2))))
    return rng.choice(_SURNAMES) + given


def _place_names(rng: random.Random, count: int, used: set[str]) -> list[str]:
    """``count`` distinct two-character place names, none of them already in ``used``."""
    pool = [a + b for a in _PLACE_FIRST for b in _PLACE_SECOND if a + b not in used]
    rng.shuffle(pool)
    if count > len(pool):
        # Very large districts run out of two-character names; a numbered suffix keeps
        # the names distinct, which is all that matters there.
        pool += [f"{pool[i % len(pool)]}{i // len(pool) + 1}" for i in range(count - len(pool))]
    names = pool[:count]
    used.update(names)
    return names


def _near(rng: random.Random, lat: float, lng: float, spread: float) -> tuple[float, float]:
    return (
        round(lat + rng.uniform(-spread, spread), 5),
        round(lng + rng.uniform(-spread, spread), 5),
    )


def _beneficiaries(rng: random.Random, typical: Sequence[str], lead: str | None) -> list[str]:
    chosen = [lead] if lead else []
    for code in rng.sample(list(typical), rng.randint(1, min(2, len(typical)))):
        if code not in chosen:
            chosen.append(code)
    return chosen[:2]


def _modes(rng: random.Random, typical: Sequence[str]) -> list[str]:
    modes = rng.sample(list(typical), rng.randint(1, len(typical)))
    if rng.random() < 0.08:
        # A few partners deliver in a way their category rarely does (a lawyer who
        # also answers online); the engine must not assume the typical modes.
        extra = rng.choice(_MODE_CODES)
        if extra not in modes:
            modes.append(extra)
    return [m for m in _MODE_CODES if m in modes]


def quarter_name(day: dt.date) -> str:
    """The quarter ``day`` falls in as meeting titles name it: 2026年第四季度."""
    return f"{day.year}年第{_CHINESE_ORDINALS[(day.month - 1) // 3]}季度"


def generate_region(
    *,
    offerings: int,
    needs: int,
    seed: int,
    partners: int | None = None,
    prefix: str = "GEN",
    start: dt.date = DEFAULT_START,
) -> dict[str, Any]:
    """A whole synthetic district as a ``jinlin-interchange/1`` document.

    Contract:
    - exactly ``offerings`` offerings and ``needs`` needs; ``partners`` partners
      (default ``offerings / 1.7``, at least one when there are offerings);
    - deterministic: the same arguments give an identical document (``random.Random(seed)``,
      no clock; dates are placed around the quarter beginning at ``start``);
    - valid: every reference resolves inside the document, every code starts with
      ``prefix`` and is unique within its kind, every value has the shape the spec asks;
    - when ``offerings >= 34`` every category of the standard has at least one offering,
      and when ``needs >= 34`` at least one need (with the category set); about 8 % of
      offerings and 30 % of needs carry no category, their text still saying what
      they are about.
    """
    if offerings < 0 or needs < 0 or (partners is not None and partners < 0):
        raise ValueError("offerings, needs and partners must not be negative")
    rng = random.Random(seed)  # noqa: S311 - made-up content, reproducible by seed; no secrets
    standard = _standard()
    categories: dict[str, dict[str, Any]] = {c["code"]: c for c in standard["categories"]}
    category_codes = list(categories)
    quarter_end = _add_months(start, 3) - dt.timedelta(days=1)
    quarter = quarter_name(start)

    if partners is None:
        partners = max(1, round(offerings / OFFERINGS_PER_PARTNER)) if offerings else 0
    if offerings and not partners:
        raise ValueError("offerings need at least one partner")

    # --- the tree ----------------------------------------------------------------------
    district_name, base_lat, base_lng = rng.choice(_DISTRICTS)
    district_short = district_name[:-1]
    base_lat, base_lng = _near(rng, base_lat, base_lng, 0.05)
    community_count = max(6, needs // 40, partners // 60)
    street_count = max(1, -(-community_count // 5))
    used_names: set[str] = {district_short}
    street_names = _place_names(rng, street_count, used_names)
    community_names = _place_names(rng, community_count, used_names)

    communities: list[dict[str, Any]] = [
        {
            "code": prefix,
            "name": district_name,
            "level": "district",
            "parent": None,
            "lat": base_lat,
            "lng": base_lng,
        }
    ]
    streets: list[dict[str, Any]] = []
    for i, short in enumerate(street_names, start=1):
        lat, lng = _near(rng, base_lat, base_lng, 0.08)
        street: dict[str, Any] = {
            "code": f"{prefix}-S{i:02d}",
            "name": f"{short}街道",
            "level": "street",
            "parent": prefix,
            "lat": lat,
            "lng": lng,
        }
        streets.append(street)
        communities.append(street)
    # (record, street record, short name) for each community proper.
    homes: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    stations: list[dict[str, Any]] = []
    per_street = [0] * street_count
    for i, short in enumerate(community_names):
        s = i % street_count
        per_street[s] += 1
        street = streets[s]
        lat, lng = _near(rng, street["lat"], street["lng"], 0.02)
        community: dict[str, Any] = {
            "code": f"{street['code']}-C{per_street[s]:02d}",
            "name": f"{short}社区",
            "level": "community",
            "parent": street["code"],
            "lat": lat,
            "lng": lng,
        }
        homes.append((community, street, short))
        communities.append(community)
        # About one community in three has a station (薪火小站) in an estate or a park.
        if rng.random() < 0.35:
            for j in range(1, rng.randint(1, 2) + 1):
                slat, slng = _near(rng, lat, lng, 0.006)
                station_name = f"{rng.choice(_PLACE_FIRST)}{rng.choice(_PLACE_SECOND)}"
                station: dict[str, Any] = {
                    "code": f"{community['code']}-X{j}",
                    "name": f"{station_name}{rng.choice(_STATION_KINDS)}站",
                    "level": "station",
                    "parent": community["code"],
                    "lat": slat,
                    "lng": slng,
                }
                stations.append(station)
                communities.append(station)
    street_of = {c["code"]: st for c, st, _ in homes}
    homes_by_street: dict[str, list[dict[str, Any]]] = {}
    for community, street, _ in homes:
        homes_by_street.setdefault(street["code"], []).append(community)

    # --- partners ----------------------------------------------------------------------
    partner_records: list[dict[str, Any]] = []
    partner_categories: list[list[str]] = []
    used_partner_names: set[str] = set()
    for p in range(1, partners + 1):
        community, street, c_short = rng.choice(homes)
        s_short = street["name"][:-2]
        roll = rng.random()
        contact = _person(rng)
        unit_type = ""
        persona = ""
        if roll < 0.45:
            kind = "unit"
            unit_type, pattern, cats = rng.choice(_UNIT_TEMPLATES)
        elif roll < 0.70:
            kind = "social_org"
            pattern, cats = rng.choice(_SOCIAL_ORG_TEMPLATES)
        else:
            kind = "resident"
            persona, honorifics, cats = rng.choice(_PERSONAS)
            pattern = f"{persona}{contact[0]}{rng.choice(honorifics)}"
        if kind == "resident":
            # Neighbours call a resident by trade and family name; two alike are told
            # apart by full name, then by community.
            candidates = [pattern, f"{persona}{contact}", f"{c_short}社区{persona}{contact}"]
        else:
            candidates = [
                pattern.format(
                    d=district_short,
                    D=district_name,
                    s=s_short,
                    c=c_short,
                    b=rng.choice(_BRAND) + rng.choice(_BRAND),
                    k=rng.choice(_CHINESE_ORDINALS),
                )
                for _ in range(4)
            ]
        fresh = [n for n in candidates if n not in used_partner_names]
        name = fresh[0] if fresh else f"{candidates[0]}（{c_short}服务点）"
        used_partner_names.add(name)
        lat, lng = _near(rng, community["lat"], community["lng"], 0.008)
        if kind == "resident":
            address = (
                f"{community['name']}{rng.choice(_PLACE_FIRST)}{rng.choice(_STATION_KINDS[:2])}"
                f"{rng.randint(1, 30)}栋{rng.randint(1, 32)}0{rng.randint(1, 6)}"
            )
            contact_name = contact
        else:
            address = (
                f"{district_name}{rng.choice(_PLACE_FIRST)}{rng.choice(_PLACE_SECOND)}"
                f"{rng.choice(_ROADS)}{rng.randint(1, 399)}号"
            )
            contact_name = (
                contact if rng.random() < 0.4 else contact[0] + rng.choice(_OFFICE_TITLES)
            )
        status_roll = rng.random()
        status = (
            "verified" if status_roll < 0.92 else "pending" if status_roll < 0.97 else "suspended"
        )
        partner_records.append(
            {
                "code": f"{prefix}-P{p:05d}",
                "name": name,
                "kind": kind,
                "unit_type": unit_type,
                "community": community["code"],
                "address": address,
                "lat": lat,
                "lng": lng,
                "contact_name": contact_name,
                "phone": _phone(rng),
                "description": rng.choice(_PARTNER_BLURBS[kind]),
                "tags": sorted(rng.sample(_PARTNER_TAGS, rng.choice((0, 0, 1, 2)))),
                # A missing status means verified, as in the exporter's output.
                **({} if status == "verified" else {"status": status}),
            }
        )
        partner_categories.append(list(cats))

    # --- offerings: who offers what ----------------------------------------------------
    owners = list(range(partners)) if offerings >= partners else []
    owners += [rng.randrange(partners) for _ in range(offerings - len(owners))] if partners else []
    rng.shuffle(owners)
    offer_cats = [
        rng.choice(partner_categories[o]) if rng.random() < 0.85 else rng.choice(category_codes)
        for o in owners
    ]
    if offerings >= len(category_codes):
        # Every category is offered somewhere: give the missing ones to offerings whose
        # category is already well represented, preferring partners of a fitting kind.
        counts: dict[str, int] = {}
        for code in offer_cats:
            counts[code] = counts.get(code, 0) + 1
        for code in category_codes:
            if counts.get(code):
                continue
            fitting = [i for i, o in enumerate(owners) if code in partner_categories[o]]
            fitting = fitting or list(range(offerings))
            rng.shuffle(fitting)
            for i in fitting:
                if counts[offer_cats[i]] > 1:
                    counts[offer_cats[i]] -= 1
                    offer_cats[i] = code
                    counts[code] = 1
                    break
    seen_cats: set[str] = set()
    offering_records: list[dict[str, Any]] = []
    for i, (owner, code) in enumerate(zip(owners, offer_cats, strict=True), start=1):
        partner = partner_records[owner]
        category = categories[code]
        text = CONTENT[code]
        kind = partner["kind"]
        title = rng.choice(text["ot"])
        body = rng.choice(text["ob"])
        if rng.random() < 0.35:
            second = rng.choice(text["ob"])
            if second != body:
                body = f"{body}；{second}"
        description = f"{rng.choice(_OFFER_LEADS[kind])}{body}。{rng.choice(_OFFER_TAILS)}"
        # The first offering of each category keeps it, so coverage holds; after that a
        # few are left uncategorised, as partners often leave the field blank.
        uncategorised = code in seen_cats and rng.random() < 0.08
        seen_cats.add(code)
        home = partner["community"]
        area_roll = rng.random()
        service_area: dict[str, Any]
        if area_roll < 0.35:
            service_area = {"communities": [home]}
        elif area_roll < 0.55:
            service_area = {"communities": [street_of[home]["code"]]}
        elif area_roll < 0.65:
            siblings = homes_by_street[street_of[home]["code"]]
            picked = rng.sample(siblings, min(len(siblings), rng.randint(2, 3)))
            codes = [home] + [c["code"] for c in picked if c["code"] != home]
            service_area = {"communities": codes}
        elif area_roll < 0.72:
            service_area = {"communities": [prefix]}
        else:
            service_area = {"radius_km": rng.choice((1, 1.5, 2, 3, 5, 8))}
        # Residents give their evenings and weekends; units and organisations also office hours.
        weekly = rng.choice(_SLOT_PATTERNS[3:] if kind == "resident" else _SLOT_PATTERNS)
        availability = [] if rng.random() < 0.1 else _slots(weekly)
        valid_roll = rng.random()
        if valid_roll < 0.08:
            # Expires early in the quarter: usable only by needs due soon.
            valid_from = start - dt.timedelta(days=rng.randint(90, 240))
            valid_until = start + dt.timedelta(days=rng.randint(10, 45))
        elif valid_roll < 0.12:
            # Starts late in the quarter.
            valid_from = start + dt.timedelta(days=rng.randint(30, 70))
            valid_until = valid_from + dt.timedelta(days=rng.randint(120, 365))
        else:
            valid_from = start - dt.timedelta(days=rng.randint(0, 200))
            valid_until = quarter_end + dt.timedelta(days=rng.randint(0, 300))
        cost_roll = rng.random()
        cost = "free" if cost_roll < 0.8 else "low_cost" if cost_roll < 0.93 else "paid"
        if cost == "free" and rng.random() < 0.15:
            title = f"公益{title}" if not title.startswith("“") else title
        offering_records.append(
            {
                "code": f"{prefix}-O{i:06d}",
                "partner": partner["code"],
                "title": title,
                "description": description,
                "category": None if uncategorised else code,
                "tags": [],
                "modes": _modes(rng, category["typical_modes"]),
                "service_area": service_area,
                "beneficiaries": _beneficiaries(rng, category["typical_beneficiaries"], None),
                "capacity": rng.randint(1, 12),
                "unit": text["unit"],
                "availability": availability,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
                "cost": cost,
            }
        )

    # --- liaison meetings ----------------------------------------------------------------
    partners_by_street: dict[str, list[str]] = {}
    for partner in partner_records:
        if partner["kind"] != "resident" or rng.random() < 0.3:
            street_code = street_of[partner["community"]]["code"]
            partners_by_street.setdefault(street_code, []).append(partner["code"])
    meeting_count = max(1, round(community_count * 0.35))
    meeting_homes = sorted(
        rng.sample(range(len(homes)), min(meeting_count, len(homes))),
    )
    meeting_records: list[dict[str, Any]] = []
    meeting_of: dict[str, str] = {}
    for m, index in enumerate(meeting_homes, start=1):
        community, street, c_short = homes[index]
        pool = partners_by_street.get(street["code"], [])
        attendees = rng.sample(pool, min(len(pool), rng.randint(3, 12)))
        meeting_date = start + dt.timedelta(days=rng.randint(3, 28))
        code = f"{prefix}-M{m:04d}"
        meeting_records.append(
            {
                "code": code,
                "community": community["code"],
                "date": meeting_date.isoformat(),
                "title": rng.choice(_MEETING_TITLES).format(q=quarter, c=community["name"]),
                "attendees": attendees,
            }
        )
        meeting_of[community["code"]] = code

    # --- needs ----------------------------------------------------------------------------
    places = [c for c, _, _ in homes] + stations
    need_cats = list(category_codes) if needs >= len(category_codes) else []
    rng.shuffle(need_cats)
    # The first needs cover every category and keep it, so coverage holds.
    covered = len(need_cats)
    need_cats += [rng.choice(category_codes) for _ in range(needs - len(need_cats))]
    need_records: list[dict[str, Any]] = []
    for i, code in enumerate(need_cats, start=1):
        category = categories[code]
        text = CONTENT[code]
        place = rng.choice(places) if rng.random() < 0.2 else rng.choice(homes)[0]
        home_code = place["parent"] if place["level"] == "station" else place["code"]
        situation = rng.choice(text["ns"])
        lead: str | None = None
        if situation.startswith("@"):
            lead, situation = situation[1:].split(" ", 1)
        meeting = meeting_of.get(home_code)
        source_roll = rng.random()
        if meeting and source_roll < 0.55:
            source = "meeting"
        else:
            source = "resident" if source_roll < 0.75 else "survey"
            meeting = None
        ask = rng.choice(text["na"]) + "。" if rng.random() < 0.6 else rng.choice(_GENERIC_ASKS)
        description = f"{rng.choice(_NEED_OPENINGS[source])}{situation}。{ask}"
        window_start = start + dt.timedelta(days=rng.randint(0, 50))
        window_end = min(quarter_end, window_start + dt.timedelta(days=rng.randint(14, 75)))
        priority = rng.choices(("low", "normal", "high", "urgent"), weights=(15, 50, 25, 10))[0]
        preferred = _slots(rng.choice(_PREFERRED_PATTERNS)) if rng.random() < 0.35 else []
        need_records.append(
            {
                "code": f"{prefix}-N{i:05d}",
                "community": place["code"],
                "title": rng.choice(text["nt"]),
                "description": description,
                "category": None if rng.random() < 0.3 and i > covered else code,
                "tags": [],
                "beneficiaries": _beneficiaries(rng, category["typical_beneficiaries"], lead),
                "quantity": rng.choices((1, 2, 3, 4, 5), weights=(40, 25, 15, 12, 8))[0],
                "modes": _modes(rng, category["typical_modes"]),
                "window": {"start": window_start.isoformat(), "end": window_end.isoformat()},
                "preferred_slots": preferred,
                "priority": priority,
                "source": source,
                "meeting": meeting,
            }
        )

    return {
        "format": FORMAT,
        "communities": communities,
        "partners": partner_records,
        "offerings": offering_records,
        "meetings": meeting_records,
        "needs": need_records,
    }
