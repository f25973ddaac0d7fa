"""How a ranking is shown: the one shape of a match's reasons that the API, the pages,
the commands, the allocation plan and the meeting agenda all use.

A reason is ``{"code", "text_zh", "text_en", "share", "points"}``: ``share`` is its part
of the score out of 1, ``points`` the same as whole points out of 100 (what the pages
show). What would show as 0 points says nothing and is left out where reasons are shown
to people (``shown_only``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from matching.engine.types import Ranking, Reason


def points(share: float) -> int:
    """A reason's part of a score out of 1 as whole points out of 100."""
    return round(100 * share)


def reason_payload(reason: Reason) -> dict[str, Any]:
    return {
        "code": reason.code,
        "text_zh": reason.text_zh,
        "text_en": reason.text_en,
        "share": reason.share,
        "points": points(reason.share),
    }


def reasons_payload(reasons: Iterable[Reason], *, shown_only: bool = False) -> list[dict[str, Any]]:
    """The reasons in the order given; with ``shown_only``, only those worth a point."""
    rows = [reason_payload(r) for r in reasons]
    return [r for r in rows if r["points"] > 0] if shown_only else rows


def reason_text(row: Mapping[str, Any], *, english: bool = False) -> str:
    """A reason's words in the page's language (Chinese when no English is given).
    Reads agenda rows stored before reasons carried ``text_zh`` (they said ``text``)."""
    if english and row.get("text_en"):
        return str(row["text_en"])
    return str(row.get("text_zh", row.get("text", "")))


# ``json.dumps(value, ensure_ascii=False)``, the encoder made once.
encode_json = json.JSONEncoder(ensure_ascii=False).encode
# Each reason's JSON by the reason object's id, with the object itself: the entry holds
# it, so no other object takes that id while the entry stands. An index hands out the same
# reason objects again and again (see REASON_CACHE in the ranking): a district's lines
# hold some 400,000 reasons, a few tens of thousands of them distinct.
_REASON_JSON: dict[int, tuple[Reason, str]] = {}
_REASON_JSON_KEPT = 100_000


def _reason_json(reason: Reason) -> str:
    entry = _REASON_JSON.get(id(reason))
    if entry is not None:
        return entry[1]
    if len(_REASON_JSON) >= _REASON_JSON_KEPT:
        _REASON_JSON.clear()
    text = encode_json(reason_payload(reason))
    _REASON_JSON[id(reason)] = (reason, text)
    return text


def reasons_json(reasons: Iterable[Reason]) -> str:
    """``json.dumps(reasons_payload(reasons), ensure_ascii=False)``, each reason's text
    encoded once however often the index hands the same reason out."""
    return f"[{', '.join([_reason_json(r) for r in reasons])}]"


def ranking_line(ranking: Ranking) -> str:
    """One need's matches, best first, as the one line of JSON ``manage.py match``
    writes: ``{"need", "matches": [{"offering", "partner", "score", "reasons"}]}``, the
    reasons as :func:`reasons_payload` gives them. Put together from pieces so that each
    reason is encoded once: a district's 5,000 lines take 0.42-0.58 s of CPU instead of
    1.1-1.2 s as ``json.dumps`` of the whole record, whose text it is (tested)."""
    matches = ", ".join(
        f'{{"offering": {encode_json(m.offering)}, "partner": {encode_json(m.partner)}, '
        f'"score": {encode_json(m.score)}, '
        f'"reasons": {reasons_json(m.reasons)}}}'
        for m in ranking.matches
    )
    return f'{{"need": {encode_json(ranking.need)}, "matches": [{matches}]}}'
