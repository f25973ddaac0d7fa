"""Raising a need at a meeting reads an object of the need's fields; a list, a string, a
number or null answers 400 instead of a server error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from needs.models import AgendaItem
from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["[1]", '"a"', "42", "null", "[]"])
def test_a_body_that_is_not_an_object_is_refused(
    scenario: Scenario, api_as: Callable, body: str
) -> None:
    before = AgendaItem.objects.count()
    response = api_as(scenario.secretary).post(
        reverse("meeting-raise-need", kwargs={"code": "M-Q4"}),
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert AgendaItem.objects.count() == before
