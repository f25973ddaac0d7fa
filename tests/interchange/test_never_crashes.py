"""Whatever document it is given, an import either succeeds whole or raises
InterchangeError naming every problem, and then writes nothing: never another exception.

Deterministic mutations of valid documents (fixed seeds, a bounded number of cases):
missing and unknown keys, values of every other JSON type, references swapped between
kinds or left dangling, duplicates, community trees out of order or with cycles,
impossible dates and times, integers past a database integer, NUL characters, lone
surrogates, and strings one character past each column's length (which SQLite would
store and PostgreSQL refuse).
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from interchange.errors import InterchangeError
from interchange.exporter import export_document
from interchange.importer import import_document
from tests.interchange.conftest import minimal_doc, row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

Doc = dict[str, Any]
Mutation = Callable[[random.Random, Doc], str]  # mutates the document, says what it did

CASES_PER_SEED = 50
SEEDS = range(4)

HOSTILE: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2.5,
    1e308,
    -1e308,
    float("inf"),
    float("nan"),
    2**31,
    2**63,
    2**70,
    10**400,
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "\ud800",
    "3",
    "2026-02-30",
    [],
    {},
    [None],
    ["x"],
    [[{}]],
    {"a": {"b": [1, {"c": None}]}},
]

# Column lengths of the models each key is stored in (taggit's Tag.name for tags).
MAX_LENGTHS: dict[str, dict[str, int]] = {
    "communities": {"code": 64, "name": 200},
    "partners": {
        "code": 64,
        "name": 200,
        "address": 300,
        "contact_name": 100,
        "phone": 32,
        "tags": 100,
    },
    "offerings": {"code": 64, "title": 200, "tags": 100},
    "meetings": {"code": 64, "title": 200},
    "needs": {"code": 64, "title": 200, "tags": 100},
}

REFERENCES: dict[str, list[str]] = {
    "communities": ["parent"],
    "partners": ["community"],
    "offerings": ["partner", "category"],
    "meetings": ["community"],
    "needs": ["community", "meeting", "category"],
}

TEXT_KEYS: dict[str, list[str]] = {
    "communities": ["code", "name"],
    "partners": ["code", "name", "address", "contact_name", "phone", "description"],
    "offerings": ["code", "title", "description"],
    "meetings": ["code", "title"],
    "needs": ["code", "title", "description"],
}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(text)} chars)"


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key or index path below the top of the document."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        yield (*path, key)
        yield from _paths(child, (*path, key))


def _show(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _parent_of(doc: Doc, path: tuple[Any, ...]) -> Any:
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    return target


def _record(rng: random.Random, doc: Doc, kinds: list[str] | None = None) -> tuple[str, int]:
    kinds = [k for k in kinds or list(REFERENCES) if doc.get(k)]
    kind = rng.choice(kinds)
    return kind, rng.randrange(len(doc[kind]))


# --- mutations -------------------------------------------------------------------------------


def delete_key(rng: random.Random, doc: Doc) -> str:
    path = rng.choice([p for p in _paths(doc) if isinstance(_parent_of(doc, p), dict)])
    del _parent_of(doc, path)[path[-1]]
    return f"delete {_show(path)}"


def add_unknown_key(rng: random.Random, doc: Doc) -> str:
    dicts = [p for p in _paths(doc) if isinstance(_parent_of(doc, (*p, None)), dict)]
    path = rng.choice([*dicts, ()])
    key = rng.choice(["titel", "extra", "", "\x00", "code "])
    _parent_of(doc, (*path, None))[key] = "x"
    return f"add key {key!r} to {_show(path) or 'document'}"


def replace_value(rng: random.Random, doc: Doc) -> str:
    path = rng.choice(list(_paths(doc)))
    value = copy.deepcopy(rng.choice(HOSTILE))
    _parent_of(doc, path)[path[-1]] = value
    return f"set {_show(path)} = {_short(value)}"


def replace_top_level(rng: random.Random, doc: Doc) -> str:
    key = rng.choice(["format", "communities", "partners", "offerings", "needs"])
    value = copy.deepcopy(rng.choice(HOSTILE))
    doc[key] = value
    return f"set {key} = {_short(value)}"


def swap_codes_between_kinds(rng: random.Random, doc: Doc) -> str:
    kind, i = _record(rng, doc)
    key = rng.choice(REFERENCES[kind])
    other = rng.choice([k for k in REFERENCES if doc.get(k)])
    code = rng.choice(doc[other])["code"] if isinstance(doc[other][0], dict) else "?"
    doc[kind][i][key] = code
    return f"set {kind}[{i}].{key} = {code!r} (a code of {other})"


def dangling_reference(rng: random.Random, doc: Doc) -> str:
    kind, i = _record(rng, doc)
    key = rng.choice(REFERENCES[kind])
    doc[kind][i][key] = "NOPE-404"
    return f"set {kind}[{i}].{key} to an unknown code"


def dangling_list_reference(rng: random.Random, doc: Doc) -> str:
    if doc.get("meetings") and rng.random() < 0.5:
        doc["meetings"][0].setdefault("attendees", []).append("NOPE-P")
        return "meeting attendee with an unknown code"
    if doc.get("offerings"):
        doc["offerings"][0]["service_area"] = {"communities": ["NOPE-C"]}
        return "service area with an unknown community"
    return "no change"


def duplicate_record(rng: random.Random, doc: Doc) -> str:
    kind, i = _record(rng, doc)
    doc[kind].append(copy.deepcopy(doc[kind][i]))
    return f"duplicate {kind}[{i}]"


def copy_record_with_new_code(rng: random.Random, doc: Doc) -> str:
    kind, i = _record(rng, doc)
    new = copy.deepcopy(doc[kind][i])
    new["code"] = f"{new['code']}-copy{rng.randrange(100)}"
    doc[kind].append(new)
    return f"copy {kind}[{i}] under a new code"


def child_before_parent(rng: random.Random, doc: Doc) -> str:
    doc["communities"].reverse()
    return "communities listed children first"


def tree_cycle(rng: random.Random, doc: Doc) -> str:
    communities = doc["communities"]
    a, b = rng.sample(range(len(communities)), 2)
    communities[a]["parent"] = communities[b]["code"]
    communities[b]["parent"] = communities[a]["code"]
    if rng.random() < 0.5:
        communities[a]["level"] = communities[b]["level"] = "street"
    return f"communities[{a}] and communities[{b}] are each other's parent"


def self_parent(rng: random.Random, doc: Doc) -> str:
    i = rng.randrange(len(doc["communities"]))
    doc["communities"][i]["parent"] = doc["communities"][i]["code"]
    return f"communities[{i}] is its own parent"


def bad_date(rng: random.Random, doc: Doc) -> str:
    value = rng.choice(
        [
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "2026-1-1",
            "2026-01-01\n",
            20260101,
        ]
    )
    target = rng.choice(["valid_from", "valid_until", "date", "window.start", "window.end"])
    if target in ("valid_from", "valid_until") and doc.get("offerings"):
        doc["offerings"][0][target] = value
    elif target == "date" and doc.get("meetings"):
        doc["meetings"][0]["date"] = value
    elif doc.get("needs"):
        doc["needs"][0]["window"][target.split(".")[1]] = value
    return f"{target} = {value!r}"


def bad_slot(rng: random.Random, doc: Doc) -> str:
    slot: dict[str, Any] = {"weekday": 3, "start": "09:00", "end": "11:00"}
    key, value = rng.choice(
        [
            ("start", "24:00"),
            ("end", "24:00"),
            ("start", "9:00"),
            ("start", "09:00\n"),
            ("start", "\x0009:00"),
            ("end", "08:00"),
            ("weekday", 0),
            ("weekday", 8),
            ("weekday", "1"),
            ("weekday", 2**70),
            ("weekday", True),
            ("weekday", 3.0),
        ]
    )
    slot[key] = value
    if doc.get("offerings") and rng.random() < 0.5:
        doc["offerings"][0]["availability"] = [slot]
        return f"availability slot with {key} = {value!r}"
    if doc.get("needs"):
        doc["needs"][0]["preferred_slots"] = [slot]
    return f"preferred slot with {key} = {value!r}"


def bad_number(rng: random.Random, doc: Doc) -> str:
    kind, key, value = rng.choice(
        [
            ("communities", "lat", 91),
            ("communities", "lng", -180.5),
            ("partners", "lat", 1e308),
            ("offerings", "service_area", {"radius_km": 0}),
            ("offerings", "service_area", {"radius_km": -1}),
            ("offerings", "service_area", {"radius_km": "3"}),
            ("offerings", "service_area", {"radius_km": float("inf")}),
            ("offerings", "service_area", {"radius_km": 3, "communities": []}),
            ("offerings", "capacity", 2**31 - 1),
            ("offerings", "capacity", 2**31),
            ("offerings", "capacity", 2**63),
            ("needs", "quantity", 2**31 - 1),
            ("needs", "quantity", 2**31),
            ("needs", "quantity", 2**63),
        ]
    )
    if not doc.get(kind):
        return "no change"
    i = rng.randrange(len(doc[kind]))
    doc[kind][i][key] = value
    return f"set {kind}[{i}].{key} = {_short(value)}"


def nul_in_text(rng: random.Random, doc: Doc) -> str:
    kind, i = _record(rng, doc)
    key = rng.choice(
        [*TEXT_KEYS[kind], "tags"]
        if kind in MAX_LENGTHS and kind != "communities" and kind != "meetings"
        else TEXT_KEYS[kind]
    )
    bad = rng.choice(["\x00", "\ud800"])
    if key == "tags":
        doc[kind][i]["tags"] = [f"tag{bad}"]
    else:
        doc[kind][i][key] = f"{doc[kind][i].get(key, '')}{bad}"
    return f"{kind}[{i}].{key} holds {bad!r}"


def too_long(rng: random.Random, doc: Doc) -> str:
    kind, i = _record(rng, doc)
    key, limit = rng.choice(list(MAX_LENGTHS[kind].items()))
    length = limit + rng.choice([0, 1, 1, 1000])
    text = rng.choice(["x", "长"]) * length
    if key == "tags":
        doc[kind][i]["tags"] = [text]
    else:
        doc[kind][i][key] = text
    return f"{kind}[{i}].{key} of {length} characters (limit {limit})"


MUTATIONS: list[Mutation] = [
    delete_key,
    add_unknown_key,
    replace_value,
    replace_value,
    replace_value,
    replace_top_level,
    swap_codes_between_kinds,
    dangling_reference,
    dangling_list_reference,
    duplicate_record,
    copy_record_with_new_code,
    child_before_parent,
    tree_cycle,
    self_parent,
    bad_date,
    bad_slot,
    bad_number,
    bad_number,
    nul_in_text,
    too_long,
    too_long,
]

PROBLEM = re.compile(r"^\S.*?: \S", re.S)


# --- one case --------------------------------------------------------------------------------


def _codes(doc: Any, kind: str) -> set[str]:
    records = doc.get(kind) if isinstance(doc, dict) else None
    if not isinstance(records, list):
        return set()
    return {r["code"] for r in records if isinstance(r, dict) and isinstance(r.get("code"), str)}


def _check(doc: Doc, what: str) -> str | None:
    """None when the import kept its contract, else what went wrong."""
    before = row_counts()
    try:
        import_document(copy.deepcopy(doc))
    except InterchangeError as exc:
        if not exc.problems:
            return f"{what}: rejected without naming a problem"
        for problem in exc.problems:
            if not PROBLEM.match(problem):
                return f"{what}: problem without a path: {problem!r}"
            try:
                problem.encode("utf-8")
            except UnicodeEncodeError:
                return f"{what}: problem that cannot be printed: {problem!r}"
        if row_counts() != before:
            return f"{what}: rejected but wrote rows"
        return None
    except Exception as exc:
        return f"{what}: {type(exc).__name__}: {str(exc)[:200]}"
    try:
        again = import_document(copy.deepcopy(doc))
    except Exception as exc:
        return f"{what}: accepted once, then {type(exc).__name__}: {str(exc)[:200]}"
    if again.changed:
        return f"{what}: a second import changed {again.changed} records"
    exported = export_document()
    for kind in ("communities", "partners", "offerings", "meetings", "needs"):
        missing = _codes(doc, kind) - _codes(exported, kind)
        if missing:
            return f"{what}: accepted, but {kind} {sorted(missing)[:3]} are not exported"
    return None


def _mutate(rng: random.Random, doc: Doc) -> str:
    mutation = rng.choice(MUTATIONS)
    try:
        return mutation(rng, doc)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        # An earlier mutation took away the shape this one works on.
        return f"{mutation.__name__} (not applicable)"


def _fuzz(base: Doc, seed: int) -> list[str]:
    rng = random.Random(seed)
    failures = []
    for case in range(CASES_PER_SEED):
        doc = copy.deepcopy(base)
        steps = [_mutate(rng, doc) for _ in range(rng.choice([1, 1, 2, 3]))]
        what = f"seed {seed} case {case}: " + "; ".join(steps)
        # Each case starts from the same database: whatever it wrote is rolled back.
        with transaction.atomic():
            failure = _check(doc, what)
            transaction.set_rollback(True)
        if failure:
            failures.append(failure)
    return failures


def _region_slice(region: Doc) -> Doc:
    """The first street of the dev region with a few of its partners and what they hold."""
    street = next(c for c in region["communities"] if c["level"] == "street")
    communities = [
        c
        for c in region["communities"]
        if c["code"] in (street["code"], street["parent"]) or c.get("parent") == street["code"]
    ]
    inside = {c["code"] for c in communities}
    partners = [p for p in region["partners"] if p["community"] in inside][:8]
    partner_codes = {p["code"] for p in partners}
    offerings = [
        o
        for o in region["offerings"]
        if o["partner"] in partner_codes and set(o["service_area"].get("communities", [])) <= inside
    ][:10]
    meetings = [
        dict(m, attendees=[a for a in m["attendees"] if a in partner_codes])
        for m in region["meetings"]
        if m["community"] in inside
    ][:3]
    meeting_codes = {m["code"] for m in meetings}
    needs = [
        n
        for n in region["needs"]
        if n["community"] in inside and (n["meeting"] is None or n["meeting"] in meeting_codes)
    ][:10]
    return {
        "format": region["format"],
        "communities": communities,
        "partners": partners,
        "offerings": offerings,
        "meetings": meetings,
        "needs": needs,
    }


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_small_document_imports_or_is_rejected_whole(seed: int) -> None:
    failures = _fuzz(minimal_doc(), seed)

    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_document_over_existing_records_imports_or_is_rejected_whole(seed: int) -> None:
    import_document(minimal_doc())

    failures = _fuzz(minimal_doc(), 100 + seed)

    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_region_slice_imports_or_is_rejected_whole(
    seed: int, region_doc: dict[str, Any]
) -> None:
    base = _region_slice(region_doc)
    import_document(base)  # the slice itself is valid

    failures = _fuzz(base, 200 + seed)

    assert not failures, "\n".join(failures)
