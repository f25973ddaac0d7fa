"""The needs, partners and offerings lists give every row its own tags, read from one
prefetched list: no row builds a tag queryset of its own through taggit's manager (a
third of a page's time)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.urls import reverse
from taggit.managers import _TaggableManager

from tests.factories import NeedFactory, OfferingFactory, PartnerFactory

pytestmark = pytest.mark.django_db
ROWS = 12


def tagged(rows: list[Any]) -> dict[str, list[str]]:
    """Give row ``k`` the tags t{k} and shared (none for the first row)."""
    expected = {}
    for k, row in enumerate(rows):
        names = sorted([f"t{k:02d}", "shared"]) if k else []
        row.tags.add(*names)
        expected[row.code] = names
    return expected


@pytest.mark.parametrize("kind", ["need", "partner", "offering"])
def test_each_row_of_a_page_shows_its_own_tags_without_a_tag_query_of_its_own(
    kind: str, tree: Any, client_for: Any, street_admin: Any
) -> None:
    rows: list[Any]
    if kind == "need":
        rows = [NeedFactory.create(community=tree["C11"]) for _ in range(ROWS)]
    elif kind == "partner":
        rows = [PartnerFactory.create(community=tree["C11"]) for _ in range(ROWS)]
    else:
        partner = PartnerFactory.create(community=tree["C11"])
        rows = [OfferingFactory.create(partner=partner) for _ in range(ROWS)]
    expected = tagged(rows)
    real = _TaggableManager.get_queryset
    with mock.patch.object(
        _TaggableManager, "get_queryset", autospec=True, side_effect=real
    ) as built:
        response = client_for(street_admin).get(reverse(f"{kind}-list"), {"page_size": 50})
    shown = {row["code"]: row["tags"] for row in response.json()["results"]}
    assert {code: shown[code] for code in expected} == expected
    # At most the prefetch's own query, never one per row.
    assert built.call_count <= 1
