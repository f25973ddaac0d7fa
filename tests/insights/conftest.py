"""A small district for the insights, on a fixed day: 海裕社区 (C11) short of rehab."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from matching.engine.quarters import Quarter
from matching.index import forget_index
from needs.models import Need, Project
from partners.models import Partner
from tests.factories import (
    FACTORY_DAY,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    make_tree,
)
from tests.matching.conftest import serve

TODAY = FACTORY_DAY
Q4 = Quarter(2026, 4)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    forget_index()
    with time_machine.travel(TODAY, tick=False):
        yield
    forget_index()


def rehab(code: str, partner: Partner, capacity: int, **fields: Any) -> Any:
    return OfferingFactory.create(
        code=code,
        partner=partner,
        title="康复训练指导",
        description="康复师指导术后老人做康复训练",
        category_id="rehab",
        capacity=capacity,
        **fields,
    )


@pytest.fixture
def area(db: None) -> dict[str, Any]:
    """海裕 (C11) needs rehab: 4 + 3 + 2 units open (one need at its station, a draft and a
    need of next quarter not counting); what reaches it: 2 units of the street's rehab
    offering (4, less 1 accepted, less 1 dispatched) and 2 online."""
    tree = make_tree()
    pa = PartnerFactory.create(code="P-A", community=tree["C11"])
    pending = PartnerFactory.create(code="P-PEND", community=tree["C11"], status="pending")
    far = PartnerFactory.create(code="P-FAR", community=tree["C21"])
    ended = PartnerFactory.create(code="P-END", community=tree["C11"])
    online = PartnerFactory.create(code="P-ONLINE", community=tree["C21"])
    street = serve(rehab("O-STREET", pa, 4), tree["S1"])
    serve(rehab("O-PEND", pending, 10), tree["BA"])
    serve(rehab("O-FAR", far, 5), tree["C21"])
    serve(rehab("O-END", ended, 6, valid_until=dt.date(2026, 10, 31)), tree["BA"])
    rehab("O-ONLINE", online, 2, modes=["online"])
    serve(
        OfferingFactory.create(
            code="O-HEALTH", partner=far, category_id="health_checkup", capacity=3
        ),
        tree["BA"],
    )
    c11 = tree["C11"]
    n1 = NeedFactory.create(code="N1", community=c11, category_id="rehab", quantity=5)
    ProjectFactory.create(need=n1, offering=street, quantity=1, status=Project.Status.DISPATCHED)
    n4 = NeedFactory.create(code="N4", community=c11, category_id="rehab", quantity=4)
    ProjectFactory.create(need=n4, offering=street, quantity=1, status=Project.Status.ACCEPTED)
    NeedFactory.create(code="N2", community=tree["X1"], category_id="rehab", quantity=2)
    NeedFactory.create(
        code="N3", community=c11, category_id="rehab", quantity=3, status=Need.Status.DRAFT
    )
    NeedFactory.create(
        code="N5",
        community=c11,
        category_id="rehab",
        quantity=7,
        window_start=dt.date(2027, 1, 1),
        window_end=dt.date(2027, 3, 31),
    )
    NeedFactory.create(code="N6", community=tree["C21"], category_id="rehab", quantity=1)
    return tree
