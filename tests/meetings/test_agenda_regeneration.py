"""Generating again replaces an undecided draft; once the minutes begin it is refused."""

from __future__ import annotations

import pytest

from core.errors import ConflictError, NotAllowedError
from meetings.services import agenda_generate, agenda_item_decide
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


def test_generating_twice_leaves_one_agenda(generated: Scenario) -> None:
    before = generated.meeting.agenda_items.count()
    agenda_generate(actor=generated.secretary, meeting=generated.meeting)
    assert generated.meeting.agenda_items.count() == before
    assert generated.meeting.agenda_generated_at is not None


def test_generating_after_a_decision_is_refused(generated: Scenario) -> None:
    item = generated.meeting.agenda_items.get(need=generated.lights)
    agenda_item_decide(actor=generated.secretary, item=item, decision="deferred")
    with pytest.raises(ConflictError):
        agenda_generate(actor=generated.secretary, meeting=generated.meeting)


def test_another_communitys_secretary_may_not_generate(scenario: Scenario) -> None:
    with pytest.raises(NotAllowedError):
        agenda_generate(actor=scenario.other_secretary, meeting=scenario.meeting)
    assert not scenario.meeting.agenda_items.exists()
