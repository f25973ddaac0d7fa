"""A small district whose partner network has known answers, in 2026Q4 with the four
quarters 2026Q1-2026Q4 of projects.

Tree of :func:`make_tree`: 新安街道 (S1) with 海裕社区 (C11, and its station X1) and 灵芝社区
(C12); 西乡街道 (S2) with 九围社区 (C21).

- P-HUB (social organisation) checks health in C11, C12 and C21, capacity 10; projects
  in C11 (2026Q4, dispatched, 1 unit), C12 (2026Q2, evaluated) and C21 (2026Q3, accepted).
- P-FIX (resident) repairs in C11 and C12, capacity 4; 2 units accepted in 2026Q4 for a
  need of the station X1.
- P-LAW (unit) gives legal aid in C21 only, capacity 6; its only project was declined.
- P-OLD (social organisation) checks health in C11, capacity 3; its project is of 2025Q4.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from matching.index import forget_index
from partners.models import Community, Offering, OfferingArea
from tests.factories import (
    FACTORY_DAY,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    make_tree,
)

TODAY = FACTORY_DAY


@pytest.fixture
def fresh_index() -> Iterator[None]:
    """An index built from the test's own rows, on a fixed day inside 2026Q4."""
    forget_index()
    with time_machine.travel(TODAY, tick=True):
        yield
    forget_index()


def serve(offering: Offering, *communities: Community) -> Offering:
    for position, community in enumerate(communities):
        OfferingArea.objects.create(offering=offering, community=community, position=position)
    return offering


def offering(partner: Any, code: str, category: str, capacity: int, *where: Community) -> Offering:
    return serve(
        OfferingFactory.create(code=code, partner=partner, category_id=category, capacity=capacity),
        *where,
    )


def build() -> dict[str, Any]:
    tree = make_tree()
    c11, c12, c21, x1 = tree["C11"], tree["C12"], tree["C21"], tree["X1"]
    hub = PartnerFactory.create(code="P-HUB", name="海裕社康中心", kind="social_org", community=c11)
    fix = PartnerFactory.create(code="P-FIX", name="灵芝维修达人", kind="resident", community=c12)
    law = PartnerFactory.create(
        code="P-LAW", name="西乡律师事务所", kind="unit", unit_type="enterprise", community=c21
    )
    old = PartnerFactory.create(code="P-OLD", name="老年协会", kind="social_org", community=c11)
    o_hub = offering(hub, "O-HUB", "health_checkup", 10, c11, c12, c21)
    o_fix = offering(fix, "O-FIX", "home_repair", 4, c11, c12)
    o_law = offering(law, "O-LAW", "legal_aid", 6, c21)
    o_old = offering(old, "O-OLD", "health_checkup", 3, c11)

    def need(code: str, community: Community, category: str, quantity: int) -> Any:
        return NeedFactory.create(
            code=code, community=community, category_id=category, quantity=quantity
        )

    n_c11 = need("N-C11-H", c11, "health_checkup", 2)
    n_c12 = need("N-C12-H", c12, "health_checkup", 1)
    n_c21 = need("N-C21-H", c21, "health_checkup", 3)
    n_x1 = need("N-X1-R", x1, "home_repair", 3)
    need("N-C21-L", c21, "legal_aid", 3)
    n_old = need("N-C11-OLD", c11, "health_checkup", 1)

    ProjectFactory.create(
        need=n_c11, offering=o_hub, quantity=1, quarter="2026Q4", status="dispatched"
    )
    ProjectFactory.create(
        need=n_c12, offering=o_hub, quantity=1, quarter="2026Q2", status="evaluated"
    )
    ProjectFactory.create(
        need=n_c21, offering=o_hub, quantity=2, quarter="2026Q3", status="accepted"
    )
    ProjectFactory.create(
        need=n_x1, offering=o_fix, quantity=2, quarter="2026Q4", status="accepted"
    )
    ProjectFactory.create(
        need=n_c21, offering=o_law, quantity=1, quarter="2026Q4", status="declined"
    )
    ProjectFactory.create(
        need=n_old, offering=o_old, quantity=1, quarter="2025Q4", status="accepted"
    )
    return tree
