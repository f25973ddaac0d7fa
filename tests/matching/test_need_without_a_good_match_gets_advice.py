"""A need that only unrelated offerings could serve gets no padded list: the API lists no
match and counts the weak ones; the page says no partner fits and what to do instead."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from partners.models import Offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_unrelated(district: dict[str, Any]) -> Any:
    # Without the clinic's check-ups, N-BP (blood pressure, 海裕社区) is in reach of a
    # repair service and legal advice only.
    Offering.objects.filter(code="O-HEALTH-S1").delete()
    return district["needs"]["bp"]


def test_api_lists_no_match_and_counts_the_weak_offerings(
    only_unrelated: Any, secretary: Any, client_for: Any
) -> None:
    response = client_for(secretary).get(reverse("need-matches", args=[only_unrelated.code]))

    assert response.status_code == 200
    assert response.json()["matches"] == []
    assert response.json()["weak"] >= 1


def test_page_says_no_partner_fits_and_offers_advice_without_a_dispatch_button(
    only_unrelated: Any, secretary: Any, client: Any
) -> None:
    client.force_login(secretary)

    body = client.get(reverse("need-matches-panel", args=[only_unrelated.code])).content.decode()

    assert "暂无合适的合伙人" in body
    assert "关系不大" in body
    assert 'class="advice"' in body
    assert "家电维修" not in body
    assert reverse("need-dispatch", args=[only_unrelated.code]) not in body
