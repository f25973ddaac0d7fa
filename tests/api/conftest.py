"""Names the API and access tests use for the shared role fixtures (tests/conftest.py):
community A's secretary and partner, and the secretary of B in the other street."""

from __future__ import annotations

from typing import Any

import pytest

from partners.models import Partner


@pytest.fixture
def secretary_a(secretary: Any) -> Any:
    return secretary


@pytest.fixture
def secretary_b(other_secretary: Any) -> Any:
    return other_secretary


@pytest.fixture
def partner_a(partner: Partner) -> Partner:
    return partner


@pytest.fixture
def member_a(member: Any) -> Any:
    return member


def codes(response: Any) -> list[str]:
    """The codes of a list response's page, in order."""
    return [row["code"] for row in response.json()["results"]]
