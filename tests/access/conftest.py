"""Fixtures for access-control tests: the small tree, users in each role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import (  # noqa: F401 - the API tests' names for the shared roles
    member_a,
    partner_a,
    secretary_a,
    secretary_b,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Test users' passwords are hashed cheaply: the matrix creates hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
