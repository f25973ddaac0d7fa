"""Fixtures for page tests: the small tree and users in each role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from matching.index import forget_index
from needs.models import Need
from partners.models import Community, Offering, OfferingArea, Partner
from tests.factories import (
    FACTORY_DAY,
    NeedFactory,
    OfferingFactory,
)

# A day inside the factories' need windows and offering validity.
TODAY = FACTORY_DAY


@pytest.fixture(autouse=True)
def _fresh_index_on_a_fixed_day() -> Iterator[None]:
    """Factories write rows without the services: each test ranks from an index built
    from its own database, on a fixed day."""
    forget_index()
    with time_machine.travel(TODAY, tick=True):
        yield
    forget_index()


def serve(offering: Offering, *communities: Community) -> Offering:
    """Set the offering's listed service area."""
    OfferingArea.objects.filter(offering=offering).delete()
    for position, community in enumerate(communities):
        OfferingArea.objects.create(offering=offering, community=community, position=position)
    return offering


@pytest.fixture
def offering(partner: Partner, tree: dict[str, Community]) -> Offering:
    """The partner's health check, serving 海裕社区."""
    return serve(OfferingFactory.create(code="O-HEALTH", partner=partner), tree["C11"])


@pytest.fixture
def need(tree: dict[str, Community], secretary: Any) -> Need:
    """An open need in 海裕社区 the offering fits."""
    need: Need = NeedFactory.create(code="N-BP", community=tree["C11"], created_by=secretary)
    return need
