"""The service catalogue (服务目录): for every category of the service standard, what it
covers, what it leaves to another category, how residents describe the situations it
serves, the words that point to it (and the ones that mislead), plus the cue phrases that
suggest a delivery mode or a beneficiary group.

It is data (``standard/catalogue-v1.json``) that the engine can learn from and people can
read; ``load_catalogue`` checks it against the standard (``standard/categories-v1.json``)
before anyone uses it, so a category added to the standard without its entry, an unknown
code or an empty list fails loudly rather than reading as "nothing to say".
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypedDict, cast

STANDARD_DIR = Path(__file__).resolve().parent / "standard"
CATALOGUE_PATH = STANDARD_DIR / "catalogue-v1.json"
STANDARD_PATH = STANDARD_DIR / "categories-v1.json"

# A category's situations: enough to cover its breadth, few enough to stay a catalogue.
MIN_SITUATIONS = 25
MAX_SITUATIONS = 40

TEXT_LISTS = ("covers", "situations", "keywords")


class Exclusion(TypedDict):
    text: str
    category: str


class CatalogueEntry(TypedDict):
    code: str
    name_zh: str
    name_en: str
    summary_zh: str
    summary_en: str
    covers: list[str]
    excludes: list[Exclusion]
    situations: list[str]
    keywords: list[str]
    not_keywords: list[str]
    typical_beneficiaries: list[str]
    typical_modes: list[str]


class Catalogue(TypedDict):
    version: int
    standard_version: int
    description: str
    categories: list[CatalogueEntry]
    mode_cues: dict[str, list[str]]
    beneficiary_cues: dict[str, list[str]]


class CatalogueInvalidError(ValueError):
    """The catalogue file does not match the standard or its own shape."""


def _text_list_problems(where: str, value: Any, *, may_be_empty: bool = False) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return [f"{where}: must be a list of non-empty strings"]
    problems = []
    if not value and not may_be_empty:
        problems.append(f"{where}: is empty")
    repeated = sorted(v for v, n in Counter(value).items() if n > 1)
    if repeated:
        problems.append(f"{where}: repeated {', '.join(repeated)}")
    return problems


def _entry_problems(entry: Mapping[str, Any], known: Mapping[str, Mapping[str, Any]]) -> list[str]:
    code = entry.get("code")
    where = f"category {code!r}"
    problems = []
    standard = known.get(str(code))
    if standard is None:
        return [f"{where}: not a category of the standard"]
    for field in ("name_zh", "name_en", "typical_beneficiaries", "typical_modes"):
        if entry.get(field) != standard.get(field):
            problems.append(f"{where}: {field} differs from the standard's")
    for field in ("summary_zh", "summary_en"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            problems.append(f"{where}: {field} is missing")
    for field in TEXT_LISTS:
        problems += _text_list_problems(f"{where} {field}", entry.get(field))
    problems += _text_list_problems(
        f"{where} not_keywords", entry.get("not_keywords"), may_be_empty=True
    )
    situations = entry.get("situations")
    if isinstance(situations, list) and not MIN_SITUATIONS <= len(situations) <= MAX_SITUATIONS:
        problems.append(
            f"{where}: {len(situations)} situations, expected {MIN_SITUATIONS} to {MAX_SITUATIONS}"
        )
    keywords, not_keywords = entry.get("keywords"), entry.get("not_keywords")
    if isinstance(keywords, list) and isinstance(not_keywords, list):
        both = sorted(set(keywords) & set(not_keywords))
        if both:
            problems.append(f"{where}: both keyword and not_keyword: {', '.join(both)}")
    excludes = entry.get("excludes")
    if not isinstance(excludes, list) or not excludes:
        problems.append(f"{where} excludes: must name what the category leaves to others")
    else:
        for exclusion in excludes:
            other = exclusion.get("category") if isinstance(exclusion, dict) else None
            text = exclusion.get("text") if isinstance(exclusion, dict) else None
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where} excludes: an exclusion has no text")
            if other == code:
                problems.append(f"{where} excludes: points to itself")
            elif other not in known:
                problems.append(f"{where} excludes: unknown category {other!r}")
    return problems


def _cue_problems(name: str, cues: Any, codes: set[str], required: set[str]) -> list[str]:
    if not isinstance(cues, dict):
        return [f"{name}: must map codes to phrases"]
    problems = []
    unknown = sorted(set(cues) - codes)
    if unknown:
        problems.append(f"{name}: unknown codes {', '.join(unknown)}")
    missing = sorted(required - set(cues))
    if missing:
        problems.append(f"{name}: no cues for {', '.join(missing)}")
    owners: dict[str, list[str]] = {}
    for code, phrases in cues.items():
        problems += _text_list_problems(f"{name} {code}", phrases)
        for phrase in phrases if isinstance(phrases, list) else []:
            owners.setdefault(phrase, []).append(code)
    for phrase, where in sorted(owners.items()):
        if len(where) > 1:
            problems.append(f"{name}: {phrase!r} cues both {' and '.join(where)}")
    return problems


def catalogue_problems(doc: Mapping[str, Any], standard: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a catalogue document against a standard document, in words a
    maintainer can act on; empty when the catalogue is sound."""
    known = {c["code"]: c for c in standard["categories"]}
    problems = []
    if doc.get("standard_version") != standard.get("version"):
        problems.append("standard_version: does not match the standard's version")
    entries = doc.get("categories")
    if not isinstance(entries, list):
        return [*problems, "categories: must be a list"]
    codes = [e.get("code") for e in entries if isinstance(e, dict)]
    repeated = sorted(str(c) for c, n in Counter(codes).items() if n > 1)
    if repeated:
        problems.append(f"categories: repeated {', '.join(repeated)}")
    missing = [c for c in known if c not in codes]
    if missing:
        problems.append(f"categories: no entry for {', '.join(missing)}")
    for entry in entries:
        if not isinstance(entry, dict):
            problems.append("categories: an entry is not an object")
            continue
        problems += _entry_problems(entry, known)
    modes = {m["code"] for m in standard["modes"]}
    groups = {g["code"] for g in standard["beneficiary_groups"]}
    problems += _cue_problems("mode_cues", doc.get("mode_cues"), modes, modes)
    # "all" is everyone: no phrase singles it out.
    problems += _cue_problems(
        "beneficiary_cues", doc.get("beneficiary_cues"), groups, groups - {"all"}
    )
    return problems


@cache
def load_catalogue() -> Catalogue:
    """The service catalogue, checked against the standard; raises ``CatalogueInvalidError``
    listing every problem when the file is unsound. Read once per process."""
    doc = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    standard = json.loads(STANDARD_PATH.read_text(encoding="utf-8"))
    problems = catalogue_problems(doc, standard)
    if problems:
        raise CatalogueInvalidError("; ".join(problems))
    return cast(Catalogue, doc)


def catalogue_entries() -> dict[str, CatalogueEntry]:
    """The catalogue's entries by category code."""
    return {entry["code"]: entry for entry in load_catalogue()["categories"]}
