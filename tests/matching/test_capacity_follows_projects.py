"""An offering whose quarter's capacity is taken is no longer proposed, and is again
once the work is cancelled; the index learns both from the project's lifecycle."""

from typing import Any

import pytest
from django.urls import reverse

from matching.engine.quarters import Quarter
from needs.services import project_cancel, project_create
from tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_full_offering_leaves_and_returns_to_the_matches(
    district: Any, client_for: Any, secretary: Any
) -> None:
    client = client_for(secretary)

    def proposed() -> list[str]:
        response = client.get(reverse("need-matches", args=["N-BP"]), {"limit": 50})
        return [m["offering"] for m in response.json()["matches"]]

    assert "O-HEALTH-S1" in proposed()
    other = NeedFactory.create(code="N-OTHER", community=district["tree"]["C11"])
    project = project_create(
        actor=secretary,
        need=other,
        offering=district["offerings"]["health_s1"],
        quantity=4,  # its whole capacity
        status="accepted",
        quarter=Quarter(2026, 4),
    )
    assert "O-HEALTH-S1" not in proposed()
    project_cancel(actor=secretary, project=project, reason="活动取消")
    assert "O-HEALTH-S1" in proposed()
