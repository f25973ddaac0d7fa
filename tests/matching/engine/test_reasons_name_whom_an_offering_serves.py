"""A match's reason names whom the offering serves, as its facts say, whether the index
reads it from the offering's beneficiary bits or decodes the offering: also for an
offering added later naming a group the index's bits do not hold, and after a snapshot
of such an index is saved and opened."""

from __future__ import annotations

from pathlib import Path

from matching.engine import snapshot
from matching.engine.ranking import MatchIndex
from tests.matching.engine.builders import index, need, offering


def _groups_reason(idx: MatchIndex, code: str) -> str:
    ranking = idx.rank(need(modes=frozenset({"home_visit"})), limit=10)
    match = next(m for m in ranking.matches if m.offering == code)
    return next(r.text_zh for r in match.reasons if r.code == "beneficiaries")


def test_the_reason_names_every_group_the_offering_serves(tmp_path: Path) -> None:
    built = index(
        [
            offering("ELDERLY"),
            offering("BOTH", beneficiaries=frozenset({"elderly", "disabled"})),
        ]
    )
    assert _groups_reason(built, "ELDERLY") == "面向老年人"
    assert _groups_reason(built, "BOTH") == "面向残障人士、老年人"

    # A group no offering or standard named when the index was built has no bit.
    later = built.with_offerings(
        [offering("NEW", beneficiaries=frozenset({"elderly", "new_arrivals"}))]
    )
    assert _groups_reason(later, "NEW") == "面向老年人、new_arrivals"
    assert _groups_reason(later, "BOTH") == "面向残障人士、老年人"

    assert snapshot.save(later, tmp_path / "saved")
    opened = snapshot.load(tmp_path / "saved")
    assert _groups_reason(opened, "NEW") == "面向老年人、new_arrivals"
    assert _groups_reason(opened, "ELDERLY") == "面向老年人"
