"""The matches endpoint costs a fixed number of queries whatever the number of matches
or offerings."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from matching.index import current_index
from tests.factories import OfferingFactory

from .conftest import serve

pytestmark = pytest.mark.django_db


def queries(user: Any, limit: int) -> int:
    client = APIClient()
    # A fresh copy: the user object remembers its scope once read.
    client.force_authenticate(user=type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(
            reverse("need-matches", args=["N-BP"]), {"limit": limit, "explain": 1}
        )
    assert response.status_code == 200
    assert len(response.json()["matches"]) <= limit
    return len(ctx)


def test_query_count_does_not_grow_with_matches(district: Any, secretary: Any) -> None:
    for n in range(30):
        serve(
            OfferingFactory.create(code=f"O-MORE-{n:02d}", partner=district["clinic"]),
            district["tree"]["C11"],
        )
    current_index()  # built once per process, not per request
    assert queries(secretary, 1) == queries(secretary, 30)


def test_query_count_is_small(
    district: Any, secretary: Any, django_assert_max_num_queries: Any
) -> None:
    current_index()
    client = APIClient()
    client.force_authenticate(user=secretary)
    # Scope (roles, tree), the need and its tags, the index version, titles, categories.
    # Two more read the areas and mode names that tell same-titled matches apart.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("need-matches", args=["N-BP"]), {"explain": 1})
    assert response.status_code == 200
