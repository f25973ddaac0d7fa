"""A district to allocate in, for 2026Q4.

Health checks in 新安街道 (S1): two offerings of two partners, 3 units in all, and
4 units asked (an urgent need in 海裕社区 and a normal one in 灵芝社区), so capacity
runs short. Legal aid serves the whole district. 九围社区 (S2) asks for a health check
that nothing serving S2 offers, and for a basketball hoop nobody offers at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from matching.index import forget_index
from partners.models import Community, Offering, OfferingArea, Role
from tests.factories import (
    FACTORY_DAY,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    make_tree,
    user_with_role,
)

TODAY = FACTORY_DAY
QUARTER = "2026Q4"


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Factories write rows without the services, so each test starts from an index
    built from its own database, on a fixed day."""
    forget_index()
    with time_machine.travel(TODAY, tick=True):
        yield
    forget_index()


def serve(offering: Offering, *communities: Community) -> Offering:
    for position, community in enumerate(communities):
        OfferingArea.objects.create(offering=offering, community=community, position=position)
    return offering


@pytest.fixture
def district(db: None) -> dict[str, Any]:
    tree = make_tree()
    clinic = PartnerFactory.create(code="P-CLINIC", name="海裕社康中心", community=tree["C11"])
    doctors = PartnerFactory.create(code="P-DOCS", name="灵芝医生志愿队", community=tree["C12"])
    lawyers = PartnerFactory.create(code="P-LAW", name="西乡律师事务所", community=tree["C21"])
    offerings = {
        "clinic": serve(
            OfferingFactory.create(
                code="O-CLINIC",
                partner=clinic,
                title="长者义诊",
                description="每月一次，为社区老人测血压、血糖",
                category_id="health_checkup",
                capacity=2,
            ),
            tree["S1"],
        ),
        "doctors": serve(
            OfferingFactory.create(
                code="O-DOCS",
                partner=doctors,
                title="老人健康检查",
                description="志愿医生为老人测血压、量血糖",
                category_id="health_checkup",
                capacity=1,
            ),
            tree["S1"],
        ),
        "law": serve(
            OfferingFactory.create(
                code="O-LAW",
                partner=lawyers,
                title="法律咨询",
                description="律师免费解答婚姻、继承、劳动纠纷问题",
                category_id="legal_aid",
                beneficiaries=["all"],
                capacity=5,
            ),
            tree["BA"],
        ),
    }
    needs = {
        "urgent": NeedFactory.create(
            code="N-BP-URGENT",
            community=tree["C11"],
            category_id="health_checkup",
            quantity=2,
            priority="urgent",
        ),
        "normal": NeedFactory.create(
            code="N-BP-NORMAL", community=tree["C12"], category_id="health_checkup", quantity=2
        ),
        "far": NeedFactory.create(
            code="N-BP-FAR", community=tree["C21"], category_id="health_checkup"
        ),
        "law": NeedFactory.create(
            code="N-LAW",
            community=tree["C21"],
            title="居民遗产纠纷咨询",
            description="几户居民因为继承问题闹矛盾，想找律师咨询",
            category_id="legal_aid",
            beneficiaries=["all"],
        ),
        "hoop": NeedFactory.create(
            code="N-HOOP",
            community=tree["C21"],
            title="小区需要篮球架",
            description="孩子们想在小区打篮球，缺一个篮球架",
            category_id=None,
            beneficiaries=["children"],
        ),
        # Outside the quarter: never planned.
        "later": NeedFactory.create(
            code="N-LATER",
            community=tree["C11"],
            category_id="health_checkup",
            window_start=dt.date(2027, 1, 10),
            window_end=dt.date(2027, 2, 10),
        ),
    }
    return {"tree": tree, "offerings": offerings, "needs": needs}


@pytest.fixture
def district_admin(district: dict[str, Any]) -> Any:
    return user_with_role(Role.Kind.DISTRICT_ADMIN, community=district["tree"]["BA"])
