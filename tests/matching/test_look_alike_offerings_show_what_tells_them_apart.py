"""Two matches with the same title show, in the API and on the page, the facts that
differ between them (here the weekly hours), and each reason's points out of 100."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from partners.models import Offering
from tests.factories import OfferingFactory
from tests.matching.conftest import serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin(district: dict[str, Any]) -> Offering:
    original = district["offerings"]["health_s1"]
    Offering.objects.filter(pk=original.pk).update(
        availability=[{"weekday": 2, "start": "09:00", "end": "12:00"}]
    )
    return serve(
        OfferingFactory.create(
            code="O-HEALTH-HOME",
            partner=district["clinic"],
            title=original.title,
            description=original.description,
            category_id="health_checkup",
            modes=original.modes,
            availability=[{"weekday": 6, "start": "14:00", "end": "17:00"}],
        ),
        district["tree"]["S1"],
    )


def test_api_says_what_differs_and_gives_points(
    district: dict[str, Any], twin: Offering, secretary: Any, client_for: Any
) -> None:
    need = district["needs"]["bp"]

    matches = client_for(secretary).get(reverse("need-matches", args=[need.code])).json()["matches"]

    twins = {m["offering"]: m for m in matches if m["offering_title"] == twin.title}
    assert set(twins) == {"O-HEALTH-S1", twin.code}
    told = {code: m["distinguished_by"] for code, m in twins.items()}
    assert told["O-HEALTH-S1"] != told[twin.code]
    assert any("周六" in fact for fact in told[twin.code])
    for m in matches:
        assert m["points"] == round(100 * m["score"])
        assert abs(sum(r["points"] for r in m["reasons"]) - m["points"]) <= len(m["reasons"])
    unique = [m for m in matches if m["offering_title"] != twin.title]
    assert all(m["distinguished_by"] == [] for m in unique)


def test_page_shows_the_differing_facts_and_points(
    district: dict[str, Any], twin: Offering, secretary: Any, client: Any
) -> None:
    client.force_login(secretary)
    need = district["needs"]["bp"]

    body = client.get(reverse("need-matches-panel", args=[need.code])).content.decode()

    assert body.count('class="meta apart"') == 2
    assert "周六" in body.split('class="meta apart"')[1] + body.split('class="meta apart"')[2]
    assert "/100" in body
    assert 'class="value">+' in body
