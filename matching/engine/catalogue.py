"""The service catalogue: what each category covers, what it does not, the situations
residents describe that it serves, and cue phrases of delivery modes and beneficiary
groups (``partners/standard/catalogue-v1.json``).

The catalogue adds to the standard; a standard without one reads texts from category
names and offerings alone. Its shape is read leniently: a list of phrases or a single
string; cues as ``{code: [phrases]}`` or ``[{"code": ..., "cues": [...]}]``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from matching.engine.types import Standard

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "partners" / "standard" / "catalogue-v1.json"

_CATEGORY_KEYS = {
    "covers": ("covers", "scope", "includes"),
    "excludes": ("excludes", "does_not_cover", "not_covered", "not_covers"),
    "situations": ("situations", "phrasings", "examples"),
    "keywords": ("keywords",),
}
_MODE_KEYS = ("mode_cues", "modes", "delivery_modes")
_GROUP_KEYS = ("beneficiary_cues", "beneficiaries", "beneficiary_groups", "groups")


def _phrases(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, Mapping):
        found: list[str] = []
        for item in value.values():
            found.extend(_phrases(item))
        return tuple(found)
    result: list[str] = []
    for item in value:
        if isinstance(item, str):
            if item.strip():
                result.append(item.strip())
        elif isinstance(item, Mapping):
            text = item.get("text") or item.get("phrase") or item.get("zh")
            if isinstance(text, str) and text.strip():
                result.append(text.strip())
    return tuple(result)


def _cues(value: Any) -> dict[str, tuple[str, ...]]:
    if isinstance(value, Mapping):
        cues: dict[str, tuple[str, ...]] = {}
        for code, item in value.items():
            if isinstance(item, Mapping):
                item = item.get("cues", item.get("phrases", ()))
            phrases = _phrases(item)
            if phrases:
                cues[str(code)] = phrases
        return cues
    result: dict[str, tuple[str, ...]] = {}
    for item in value or ():
        if isinstance(item, Mapping) and "code" in item:
            phrases = _phrases(item.get("cues", item.get("phrases", ())))
            if phrases:
                result[str(item["code"])] = phrases
    return result


def with_catalogue(standard: Standard, data: Mapping[str, Any]) -> Standard:
    """``standard`` with the catalogue ``data`` (parsed JSON) added to its categories and
    cues; categories the catalogue does not know are left as they are."""
    raw = data.get("categories", ())
    entries: dict[str, Mapping[str, Any]] = {}
    if isinstance(raw, Mapping):
        entries = {str(code): entry for code, entry in raw.items() if isinstance(entry, Mapping)}
    else:
        entries = {str(e["code"]): e for e in raw if isinstance(e, Mapping) and "code" in e}
    categories = []
    for category in standard.categories:
        entry = entries.get(category.code)
        if entry is None:
            categories.append(category)
            continue
        covers, excludes, situations, keywords = (
            next((_phrases(entry[k]) for k in keys if k in entry), ())
            for keys in _CATEGORY_KEYS.values()
        )
        summary = entry.get("summary_zh")
        if isinstance(summary, str) and summary.strip():
            covers = (summary.strip(), *covers)
        categories.append(
            replace(
                category,
                covers=covers,
                excludes=excludes,
                situations=situations,
                keywords=keywords,
            )
        )
    modes = next((_cues(data[k]) for k in _MODE_KEYS if k in data), {})
    groups = next((_cues(data[k]) for k in _GROUP_KEYS if k in data), {})
    return replace(
        standard,
        categories=tuple(categories),
        mode_cues=modes or standard.mode_cues,
        beneficiary_cues=groups or standard.beneficiary_cues,
    )


def with_catalogue_file(standard: Standard, path: Path | str = CATALOGUE_FILE) -> Standard:
    """``standard`` with the catalogue file's content, or as it is when there is none."""
    path = Path(path)
    if not path.exists():
        return standard
    with open(path, encoding="utf-8") as handle:
        return with_catalogue(standard, json.load(handle))
