"""The agenda is drawn up from the data, with known answers on a constructed community."""

from __future__ import annotations

import pytest

from matching.selectors import matches_for
from meetings.services import agenda_generate
from needs.models import AgendaItem
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def _items(s: Scenario) -> list[AgendaItem]:
    return list(s.meeting.agenda_items.order_by("position"))


def test_sections_come_in_the_agenda_order(generated: Scenario) -> None:
    kinds = [(i.kind, i.need.code if i.need else None) for i in _items(generated)]
    assert kinds == [
        ("review", None),
        ("need", "N-BP"),
        ("new_partners", None),
        ("unserved", "N-LAW"),
        ("gaps", None),  # nobody reaches 海裕 for legal aid: a gap of 1
        ("decision", "N-LIGHT"),
    ]


def test_review_counts_last_quarters_projects_with_rating_and_decline_reason(
    generated: Scenario,
) -> None:
    review = generated.meeting.agenda_items.get(kind="review")
    assert review.details["quarter"] == "2026Q3"
    assert review.details["delivered"] == 1
    assert review.details["declined"] == 1
    assert review.details["average_rating"] == 4
    by_need = {r["need"]: r for r in review.details["projects"]}
    assert set(by_need) == {"N-OLD1", "N-OLD2"}
    assert by_need["N-OLD1"]["rating"] == 4
    assert by_need["N-OLD1"]["quantity"] == 3
    assert by_need["N-OLD2"]["decline_reason"] == "本季度人手不足"


def test_a_new_need_carries_the_engines_top_three_with_reasons(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.blood_pressure)
    suggested = [s["offering"] for s in item.details["suggestions"]]
    ranking = matches_for(need=generated.blood_pressure, limit=3)
    assert suggested == [m.offering for m in ranking.matches]
    assert 1 <= len(suggested) <= 3
    # Both offerings of the need's category are proposed ahead of anything else.
    assert set(suggested[:2]) == {"O-CHECK", "O-BP"}
    assert all(s["reasons"] for s in item.details["suggestions"])
    assert item.details["need"]["quantity"] == 2


def test_needs_being_served_done_or_elsewhere_stay_off(generated: Scenario) -> None:
    on_agenda = set(
        generated.meeting.agenda_items.exclude(need=None).values_list("need__code", flat=True)
    )
    assert {"N-SERVED", "N-ELSE", "N-OLD1", "N-OLD2"}.isdisjoint(on_agenda)


def test_a_need_nobody_can_serve_says_so(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.online_law)
    assert item.kind == AgendaItem.Kind.UNSERVED
    assert "suggestions" not in item.details
    assert item.details["why"]


def test_new_partners_and_offerings_are_those_since_the_last_meeting(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(kind="new_partners")
    assert [p["code"] for p in item.details["partners"]] == ["P-HOS"]
    assert [o["code"] for o in item.details["offerings"]] == ["O-CHECK"]
    assert item.details["offerings"][0]["capacity"] == 6


def test_a_first_meeting_treats_every_open_need_as_new(scenario: Scenario) -> None:
    scenario.last_meeting.delete()
    agenda_generate(actor=scenario.secretary, meeting=scenario.meeting)
    kinds = dict(scenario.meeting.agenda_items.exclude(need=None).values_list("need__code", "kind"))
    assert kinds == {"N-BP": "need", "N-LIGHT": "need", "N-LAW": "unserved"}
