"""Pure loaders: the service standard and ``jinlin-interchange/1`` documents as engine facts.

Used by evaluation scripts and tests that want to rank a district straight from its JSON
document, without a database. The Django side builds the same dataclasses from its
models (``matching/facts.py``); the two must agree on meaning:

- a partner's missing ``status`` means ``verified`` (as the importer does);
- ``capacity_left`` is the offering's full ``capacity`` (a document carries no projects);
- ``service_area.radius_km`` is measured from the partner's location.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.engine.types import (
    CategoryDef,
    NeedFacts,
    OfferingFacts,
    PartnerFacts,
    Place,
    Slot,
    Standard,
)

STANDARD_FILE = (
    Path(__file__).resolve().parent.parent.parent / "partners" / "standard" / "categories-v1.json"
)


@dataclass(frozen=True, slots=True)
class DistrictFacts:
    """Everything an index is built from, plus the needs to rank, read from one document."""

    places: tuple[Place, ...]
    partners: tuple[PartnerFacts, ...]
    offerings: tuple[OfferingFacts, ...]
    needs: tuple[NeedFacts, ...]


def standard_from_dict(data: Mapping[str, Any]) -> Standard:
    """The :class:`Standard` from the parsed ``categories.json`` content."""
    categories = tuple(
        CategoryDef(
            code=str(c["code"]),
            name_zh=str(c["name_zh"]),
            name_en=str(c.get("name_en", "")),
            related=frozenset(c.get("related", ())),
            typical_beneficiaries=frozenset(c.get("typical_beneficiaries", ())),
            typical_modes=frozenset(c.get("typical_modes", ())),
        )
        for c in data["categories"]
    )
    return Standard(
        categories=categories,
        beneficiary_names={
            str(g["code"]): str(g["name_zh"]) for g in data.get("beneficiary_groups", ())
        },
        mode_names={str(m["code"]): str(m["name_zh"]) for m in data.get("modes", ())},
    )


def load_standard(path: Path | str = STANDARD_FILE, *, catalogue: bool = True) -> Standard:
    """The service standard read from a ``categories.json`` file (default: the product's v1),
    with the service catalogue beside the product's standard when there is one (and
    ``catalogue`` is true)."""
    from matching.engine.catalogue import with_catalogue_file

    with open(path, encoding="utf-8") as handle:
        standard = standard_from_dict(json.load(handle))
    return with_catalogue_file(standard) if catalogue else standard


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _slots(raw: Sequence[Mapping[str, Any]] | None) -> tuple[Slot, ...]:
    return tuple(
        Slot(weekday=int(s["weekday"]), start=_minutes(s["start"]), end=_minutes(s["end"]))
        for s in raw or ()
    )


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def facts_from_document(doc: Mapping[str, Any]) -> DistrictFacts:
    """Engine facts from a parsed ``jinlin-interchange/1`` document.

    Precondition: the document is valid (as the importer would accept it); this does not
    re-validate, it only converts. Records keep the document's order.
    """
    places = tuple(
        Place(
            code=str(c["code"]),
            name=str(c["name"]),
            level=str(c["level"]),
            parent=c.get("parent"),
            lat=_float(c.get("lat")),
            lng=_float(c.get("lng")),
        )
        for c in doc.get("communities", ())
    )
    partners = tuple(
        PartnerFacts(
            code=str(p["code"]),
            name=str(p["name"]),
            status=str(p.get("status") or "verified"),
            kind=str(p.get("kind") or "unit"),
            lat=_float(p.get("lat")),
            lng=_float(p.get("lng")),
        )
        for p in doc.get("partners", ())
    )
    offerings = []
    for o in doc.get("offerings", ()):
        area = o.get("service_area") or {}
        offerings.append(
            OfferingFacts(
                code=str(o["code"]),
                partner=str(o["partner"]),
                title=str(o["title"]),
                description=str(o.get("description") or ""),
                category=o.get("category") or None,
                tags=frozenset(o.get("tags") or ()),
                modes=frozenset(o.get("modes") or ()),
                area_codes=frozenset(area.get("communities") or ()),
                radius_km=_float(area.get("radius_km")),
                beneficiaries=frozenset(o.get("beneficiaries") or ()),
                capacity=int(o.get("capacity") or 0),
                capacity_left=int(o.get("capacity") or 0),
                unit=str(o.get("unit") or "session"),
                availability=_slots(o.get("availability")),
                valid_from=_date(o.get("valid_from")),
                valid_until=_date(o.get("valid_until")),
                cost=str(o.get("cost") or "free"),
            )
        )
    needs = []
    for n in doc.get("needs", ()):
        window = n.get("window") or {}
        needs.append(
            NeedFacts(
                code=str(n["code"]),
                community=str(n["community"]),
                title=str(n["title"]),
                description=str(n.get("description") or ""),
                category=n.get("category") or None,
                tags=frozenset(n.get("tags") or ()),
                beneficiaries=frozenset(n.get("beneficiaries") or ()),
                quantity=int(n.get("quantity") or 1),
                modes=frozenset(n.get("modes") or ()),
                window_start=_date(window.get("start")),
                window_end=_date(window.get("end")),
                preferred_slots=_slots(n.get("preferred_slots")),
                priority=str(n.get("priority") or "normal"),
            )
        )
    return DistrictFacts(
        places=places, partners=partners, offerings=tuple(offerings), needs=tuple(needs)
    )
