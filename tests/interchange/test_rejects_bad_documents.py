"""A document that breaks a rule is rejected whole, with the problem's path, and nothing
is written."""

import copy
from collections.abc import Callable
from typing import Any

import pytest

from interchange.errors import InterchangeError
from interchange.importer import import_document
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = pytest.mark.django_db


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``doc[kind][0][key…] = value``."""

    def mutate(doc: dict[str, Any]) -> None:
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _add_duplicate_offering(doc: dict[str, Any]) -> None:
    doc["offerings"].append(dict(doc["offerings"][0], title="另一个"))


def _station_under_street_becomes_parent_of_community(doc: dict[str, Any]) -> None:
    doc["communities"][2]["parent"] = "T-X"
    doc["communities"].append(
        {"code": "T-X", "name": "站点", "level": "station", "parent": "T-S1", "lat": 1, "lng": 1}
    )


def _make_cycle(doc: dict[str, Any]) -> None:
    doc["communities"][1]["parent"] = "T-S1-C1"  # and T-S1-C1's parent is T-S1


CASES = {
    "unknown key in a record": (
        _set(["offerings", 0, "titel"], "x"),
        "offerings[0].titel: unknown key",
    ),
    "unknown top-level key": (_set(["projects"], []), "projects: unknown key"),
    "wrong format": (_set(["format"], "jinlin/2"), "format: expected 'jinlin-interchange/1'"),
    "dangling partner reference": (
        _set(["offerings", 0, "partner"], "NOPE"),
        "offerings[0].partner: unknown partner code 'NOPE'",
    ),
    "dangling service area community": (
        _set(["offerings", 0, "service_area"], {"communities": ["BA-S09"]}),
        "offerings[0].service_area.communities[0]: unknown community code 'BA-S09'",
    ),
    "dangling attendee": (
        _set(["meetings", 0, "attendees"], ["T-P9"]),
        "meetings[0].attendees[0]: unknown partner code 'T-P9'",
    ),
    "dangling meeting": (
        _set(["needs", 0, "meeting"], "T-M9"),
        "needs[0].meeting: unknown meeting code 'T-M9'",
    ),
    "unknown enum value": (
        _set(["offerings", 0, "cost"], "cheap"),
        "offerings[0].cost: expected one of free, low_cost, paid, got 'cheap'",
    ),
    "unknown delivery mode": (
        _set(["offerings", 0, "modes"], ["walk"]),
        "offerings[0].modes[0]: unknown delivery mode 'walk'",
    ),
    "no delivery mode": (
        _set(["offerings", 0, "modes"], []),
        "offerings[0].modes: at least one delivery mode is required",
    ),
    "unknown category": (
        _set(["needs", 0, "category"], "juggling"),
        "needs[0].category: unknown category 'juggling'",
    ),
    "unknown beneficiary group": (
        _set(["offerings", 0, "beneficiaries"], ["pets"]),
        "offerings[0].beneficiaries[0]: unknown beneficiary group 'pets'",
    ),
    "malformed date": (
        _set(["meetings", 0, "date"], "15/10/2026"),
        "meetings[0].date: expected a date YYYY-MM-DD, got '15/10/2026'",
    ),
    "impossible date": (
        _set(["offerings", 0, "valid_until"], "2026-02-30"),
        "offerings[0].valid_until: not a calendar date: '2026-02-30'",
    ),
    "malformed time": (
        _set(["offerings", 0, "availability"], [{"weekday": 3, "start": "9h", "end": "11:00"}]),
        "offerings[0].availability[0].start: expected a time HH:MM, got '9h'",
    ),
    "weekday out of range": (
        _set(["offerings", 0, "availability"], [{"weekday": 8, "start": "09:00", "end": "11:00"}]),
        "offerings[0].availability[0].weekday: expected an integer 1 (Monday) to 7",
    ),
    "child level not below its parent's": (
        _station_under_street_becomes_parent_of_community,
        "communities[2].level: a community cannot sit under a station ('T-X')",
    ),
    "street without parent": (
        _set(["communities", 1, "parent"], None),
        "communities[1].parent: only a district may have no parent",
    ),
    "need in a street": (
        _set(["needs", 0, "community"], "T-S1"),
        "needs[0].community: a need belongs to a community or station, 'T-S1' is a street",
    ),
    "unit type for a resident": (
        _set(["partners", 0, "kind"], "resident"),
        "partners[0].unit_type: only a unit has a unit_type",
    ),
    "duplicate code in one document": (
        _add_duplicate_offering,
        "offerings[1].code: duplicate code 'T-O1' in this document",
    ),
    "string where a number is expected": (
        _set(["offerings", 0, "capacity"], "3"),
        "offerings[0].capacity: expected an integer, got '3'",
    ),
    "number where a string is expected": (
        _set(["partners", 0, "phone"], 13812345678),
        "partners[0].phone: expected a string, got 13812345678",
    ),
    "fractional capacity": (
        _set(["offerings", 0, "capacity"], 2.5),
        "offerings[0].capacity: expected an integer, got 2.5",
    ),
    "boolean capacity": (
        _set(["offerings", 0, "capacity"], True),
        "offerings[0].capacity: expected an integer, got true",
    ),
    "negative capacity": (
        _set(["offerings", 0, "capacity"], -1),
        "offerings[0].capacity: must be at least 0, got -1",
    ),
    "zero quantity": (
        _set(["needs", 0, "quantity"], 0),
        "needs[0].quantity: must be at least 1, got 0",
    ),
    "window end before start": (
        _set(["needs", 0, "window"], {"start": "2026-10-01", "end": "2026-09-30"}),
        "needs[0].window.end: must not be before start 2026-10-01",
    ),
    "validity ending before it starts": (
        _set(["offerings", 0, "valid_until"], "2025-12-31"),
        "offerings[0].valid_until: must not be before valid_from 2026-01-01",
    ),
    "latitude out of range": (
        _set(["partners", 0, "lat"], 122.6),
        "partners[0].lat: must be at most 90, got 122.6",
    ),
    "both radius and communities": (
        _set(["offerings", 0, "service_area"], {"communities": [], "radius_km": 3}),
        "offerings[0].service_area: expected either",
    ),
    "missing required key": (
        lambda doc: doc["offerings"][0].pop("title"),
        "offerings[0].title: required",
    ),
    "NUL character in a name": (
        _set(["partners", 0, "name"], "测试\x00医院"),
        "partners[0].name: must not contain the NUL character \\x00",
    ),
    "NUL character in a tag": (
        _set(["offerings", 0, "tags"], ["义诊\x00"]),
        "offerings[0].tags[0]: must not contain the NUL character",
    ),
    "lone surrogate in a description": (
        _set(["needs", 0, "description"], "血压\ud800"),
        "needs[0].description: must be valid Unicode text, found the lone surrogate '\\ud800'",
    ),
    "code longer than its column": (
        _set(["meetings", 0, "code"], "M" * 65),
        "meetings[0].code: must be at most 64 characters",
    ),
    "name longer than its column": (
        _set(["communities", 0, "name"], "区" * 201),
        "communities[0].name: must be at most 200 characters",
    ),
    "title longer than its column": (
        _set(["offerings", 0, "title"], "x" * 201),
        "offerings[0].title: must be at most 200 characters",
    ),
    "address longer than its column": (
        _set(["partners", 0, "address"], "路" * 301),
        "partners[0].address: must be at most 300 characters",
    ),
    "contact name longer than its column": (
        _set(["partners", 0, "contact_name"], "x" * 101),
        "partners[0].contact_name: must be at most 100 characters",
    ),
    "phone longer than its column": (
        _set(["partners", 0, "phone"], "1" * 33),
        "partners[0].phone: must be at most 32 characters",
    ),
    "tag longer than its column": (
        _set(["needs", 0, "tags"], ["x" * 101]),
        "needs[0].tags[0]: must be at most 100 characters",
    ),
    "capacity past a database integer": (
        _set(["offerings", 0, "capacity"], 2**63),
        "offerings[0].capacity: must be at most 2147483647, got 9223372036854775808",
    ),
    "quantity past a database integer": (
        _set(["needs", 0, "quantity"], 2**31),
        "needs[0].quantity: must be at most 2147483647, got 2147483648",
    ),
    "infinite radius": (
        _set(["offerings", 0, "service_area"], {"radius_km": float("inf")}),
        "offerings[0].service_area.radius_km: expected a finite number",
    ),
    "radius as text": (
        _set(["offerings", 0, "service_area"], {"radius_km": "3"}),
        "offerings[0].service_area.radius_km: expected a number, got '3'",
    ),
    "zero radius": (
        _set(["offerings", 0, "service_area"], {"radius_km": 0}),
        "offerings[0].service_area.radius_km: must be more than 0, got 0",
    ),
    "month 13": (
        _set(["meetings", 0, "date"], "2026-13-01"),
        "meetings[0].date: not a calendar date: '2026-13-01'",
    ),
    "date followed by a line break": (
        _set(["needs", 0, "window", "start"], "2026-10-01\n"),
        "needs[0].window.start: expected a date YYYY-MM-DD",
    ),
    "time 24:00": (
        _set(["offerings", 0, "availability"], [{"weekday": 3, "start": "09:00", "end": "24:00"}]),
        "offerings[0].availability[0].end: expected a time HH:MM, got '24:00'",
    ),
    "time without its leading zero": (
        _set(["needs", 0, "preferred_slots"], [{"weekday": 3, "start": "9:00", "end": "11:00"}]),
        "needs[0].preferred_slots[0].start: expected a time HH:MM, got '9:00'",
    ),
    "time followed by a line break": (
        _set(
            ["offerings", 0, "availability"], [{"weekday": 3, "start": "09:00\n", "end": "11:00"}]
        ),
        "offerings[0].availability[0].start: expected a time HH:MM",
    ),
    "weekday 0": (
        _set(["offerings", 0, "availability"], [{"weekday": 0, "start": "09:00", "end": "11:00"}]),
        "offerings[0].availability[0].weekday: expected an integer 1 (Monday) to 7",
    ),
    "weekday as text": (
        _set(
            ["offerings", 0, "availability"], [{"weekday": "1", "start": "09:00", "end": "11:00"}]
        ),
        "offerings[0].availability[0].weekday: expected an integer 1 (Monday) to 7",
    ),
    "community that is its own parent": (
        _set(["communities", 1, "parent"], "T-S1"),
        "communities[1].parent: a community cannot be its own parent",
    ),
    "two communities that are each other's parent": (
        _make_cycle,
        "communities[1].level: a street cannot sit under a community ('T-S1-C1')",
    ),
    "key that is not valid Unicode": (
        _set(["partners", 0, "name\ud800"], "x"),
        "partners[0]: the key 'name\\ud800' is not valid Unicode text",
    ),
    "record that is not an object": (
        _set(["needs", 0], "T-N1"),
        "needs[0]: expected an object, got a string",
    ),
}


@pytest.mark.parametrize(("mutate", "expected"), CASES.values(), ids=CASES.keys())
def test_bad_document_is_rejected_with_its_path_and_nothing_written(
    mutate: Callable[[dict[str, Any]], object], expected: str
) -> None:
    doc = minimal_doc()
    mutate(doc)
    before = row_counts()

    with pytest.raises(InterchangeError) as caught:
        import_document(doc)

    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems
    assert row_counts() == before


def test_document_that_is_not_an_object_gives_one_problem() -> None:
    with pytest.raises(InterchangeError) as caught:
        import_document([{"format": "jinlin-interchange/1"}])

    assert caught.value.problems == [
        'document: expected a JSON object with "format": "jinlin-interchange/1", got a list'
    ]


def test_every_problem_of_a_document_is_listed() -> None:
    doc = minimal_doc()
    doc["offerings"][0]["capacity"] = -1
    doc["offerings"][0]["modes"] = ["walk"]
    doc["needs"][0]["window"]["end"] = "2026-01-01"
    doc["partners"][0]["community"] = "NOPE"

    with pytest.raises(InterchangeError) as caught:
        import_document(doc)

    assert sorted(p.split(":")[0] for p in caught.value.problems) == [
        "needs[0].window.end",
        "offerings[0].capacity",
        "offerings[0].modes[0]",
        "partners[0].community",
    ]


def test_a_valid_record_does_not_survive_a_rejected_document() -> None:
    doc = minimal_doc()
    doc["needs"][0]["quantity"] = 0

    with pytest.raises(InterchangeError):
        import_document(doc)

    assert all(n == 0 for n in row_counts().values())


def test_paths_keep_pointing_at_the_right_record_after_a_malformed_one() -> None:
    doc = minimal_doc()
    second = copy.deepcopy(doc["offerings"][0]) | {"code": "T-O2"}
    second["service_area"] = {"communities": ["NOPE"]}
    doc["offerings"].append(second)
    doc["offerings"][0]["capacity"] = "many"  # malformed: dropped before reference checks

    with pytest.raises(InterchangeError) as caught:
        import_document(doc)

    assert "offerings[1].service_area.communities[0]: unknown community code 'NOPE'" in (
        caught.value.problems
    )


@pytest.mark.parametrize(("mutate", "expected"), CASES.values(), ids=CASES.keys())
def test_a_document_handed_over_is_judged_the_same(
    mutate: Callable[[dict[str, Any]], object], expected: str
) -> None:
    # The import of a file hands its parsed document over, to hold a city's records
    # once: the problems, their order and their paths are those of a document kept.
    doc = minimal_doc()
    mutate(doc)
    handed = copy.deepcopy(doc)

    with pytest.raises(InterchangeError) as kept:
        import_document(doc)
    with pytest.raises(InterchangeError) as released:
        import_document(handed, release=True)

    assert released.value.problems == kept.value.problems
    assert doc != handed, "the handed-over document's records were dropped as read"


def test_a_valid_document_handed_over_is_imported_whole() -> None:
    handed = minimal_doc()
    expected = import_document(minimal_doc(), dry_run=True)

    report = import_document(handed, release=True)

    assert report.by_kind() == expected.by_kind()
    assert report.changed > 0
    again = import_document(minimal_doc(), dry_run=True)
    assert again.changed == 0, "what was written is the whole document"
    assert all(record is None for kind in ("offerings", "needs") for record in handed[kind])
