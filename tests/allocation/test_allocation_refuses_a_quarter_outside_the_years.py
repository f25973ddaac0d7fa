"""An allocation run is asked for a quarter from 2000 to 2100: ``9999Q4`` was accepted
(202) and failed on the worker, ``0001Q1`` was saved as ``"1Q1"``."""

from typing import Any

import pytest
from django.urls import reverse

from matching.models import AllocationJob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("quarter", ["9999Q4", "0001Q1", "0000Q1"])
def test_an_allocation_for_a_quarter_outside_the_years_is_refused(
    district: Any, district_admin: Any, client_for: Any, quarter: str
) -> None:
    response = client_for(district_admin).post(
        reverse("allocation-list"), {"scope": "BA", "quarter": quarter}, format="json"
    )
    assert response.status_code == 400
    assert "quarter" in response.json()["error"]["fields"]
    assert not AllocationJob.objects.exists()
