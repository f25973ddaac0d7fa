"""Helpers for interchange tests: a small valid document to mutate, the dev region."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from interchange.schema import FORMAT
from needs.models import LiaisonMeeting, MeetingAttendee, Need
from partners.models import Community, Offering, OfferingArea, Partner

REGION = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "dev" / "region.json"

_MINIMAL: dict[str, Any] = {
    "format": FORMAT,
    "communities": [
        {"code": "T", "name": "测试区", "level": "district", "parent": None},
        {"code": "T-S1", "name": "测试街道", "level": "street", "parent": "T"},
        {
            "code": "T-S1-C1",
            "name": "测试社区",
            "level": "community",
            "parent": "T-S1",
            "lat": 22.6,
            "lng": 113.9,
        },
    ],
    "partners": [
        {
            "code": "T-P1",
            "name": "测试医院",
            "kind": "unit",
            "unit_type": "hospital",
            "community": "T-S1-C1",
            "lat": 22.61,
            "lng": 113.91,
            "tags": ["义诊"],
        }
    ],
    "offerings": [
        {
            "code": "T-O1",
            "partner": "T-P1",
            "title": "长者义诊",
            "category": "health_checkup",
            "modes": ["at_center"],
            "service_area": {"communities": ["T-S1"]},
            "beneficiaries": ["elderly"],
            "capacity": 4,
            "availability": [{"weekday": 3, "start": "09:00", "end": "11:30"}],
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        }
    ],
    "meetings": [
        {
            "code": "T-M1",
            "community": "T-S1-C1",
            "date": "2026-10-15",
            "title": "2026年第四季度党建联席会",
            "attendees": ["T-P1"],
        }
    ],
    "needs": [
        {
            "code": "T-N1",
            "community": "T-S1-C1",
            "title": "老人想测血压",
            "modes": ["at_center"],
            "window": {"start": "2026-10-01", "end": "2026-12-31"},
            "meeting": "T-M1",
        }
    ],
}


def minimal_doc() -> dict[str, Any]:
    """A small valid document (one record of each kind plus the tree), safe to mutate."""
    return copy.deepcopy(_MINIMAL)


def row_counts() -> dict[str, int]:
    """Rows of every table an import writes, to show that nothing was written."""
    models = (Community, Partner, Offering, OfferingArea, LiaisonMeeting, MeetingAttendee, Need)
    return {m.__name__: m.objects.count() for m in models}


def by_code(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in records}


@pytest.fixture
def region_doc() -> dict[str, Any]:
    if not REGION.is_file():
        pytest.skip(f"the dev region is not available at {REGION}")
    doc: dict[str, Any] = json.loads(REGION.read_text(encoding="utf-8"))
    return doc
