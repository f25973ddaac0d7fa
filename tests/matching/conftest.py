"""A small district to match in: two communities with needs, partners offering health
checks, legal aid and repairs in and out of their service areas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from matching.index import forget_index
from needs.models import Need
from partners.models import Community, Offering, OfferingArea, Partner, Role
from tests.factories import (
    FACTORY_DAY,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    make_tree,
    user_with_role,
)

# A day inside the needs' windows and the offerings' validity, so no test depends on
# the day it runs.
TODAY = FACTORY_DAY


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Factories write rows without the services, so each test starts from an index
    built from its own database, on a fixed day."""
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
def district(db: None) -> dict[str, Any]:
    """Tree of :func:`make_tree`; offerings and open needs in 海裕社区 (C11) and 九围社区 (C21)."""
    tree = make_tree()
    clinic = PartnerFactory.create(code="P-CLINIC", name="海裕社康中心", community=tree["C11"])
    lawyers = PartnerFactory.create(code="P-LAW", name="西乡律师事务所", community=tree["C21"])
    fixers = PartnerFactory.create(code="P-FIX", name="灵芝维修队", community=tree["C12"])
    offerings = {
        "health_s1": serve(
            OfferingFactory.create(
                code="O-HEALTH-S1",
                partner=clinic,
                title="长者义诊",
                description="每月一次，为社区老人测血压、血糖",
                category_id="health_checkup",
            ),
            tree["S1"],
        ),
        "health_s2": serve(
            OfferingFactory.create(
                code="O-HEALTH-S2",
                partner=lawyers,
                title="健康讲座与义诊",
                description="为老人测血压",
                category_id="health_checkup",
            ),
            tree["S2"],
        ),
        "law": serve(
            OfferingFactory.create(
                code="O-LAW",
                partner=lawyers,
                title="法律咨询",
                description="律师免费解答婚姻、继承、劳动纠纷问题",
                category_id="legal_aid",
                beneficiaries=["all"],
            ),
            tree["BA"],
        ),
        "repair": serve(
            OfferingFactory.create(
                code="O-REPAIR",
                partner=fixers,
                title="家电维修",
                description="上门维修空调、洗衣机，老人免费",
                category_id="home_repair",
                modes=["home_visit"],
            ),
            tree["S1"],
        ),
    }
    needs = {
        "bp": NeedFactory.create(
            code="N-BP",
            community=tree["C11"],
            title="老人想测血压",
            description="楼里独居老人多，希望每月有人来测血压",
            category_id="health_checkup",
        ),
        "law": NeedFactory.create(
            code="N-LAW",
            community=tree["C21"],
            title="居民遗产纠纷咨询",
            description="几户居民因为继承问题闹矛盾，想找律师咨询",
            category_id=None,
            beneficiaries=["all"],
            modes=["at_center", "online"],
        ),
        "repair": NeedFactory.create(
            code="N-REPAIR",
            community=tree["C12"],
            title="独居老人家里空调坏了",
            description="需要有人上门修空调",
            category_id="home_repair",
            modes=["home_visit"],
            window_start=dt.date(2026, 10, 1),
            window_end=dt.date(2027, 3, 31),
        ),
    }
    return {"tree": tree, "offerings": offerings, "needs": needs, "clinic": clinic}


@pytest.fixture
def secretary(district: dict[str, Any]) -> Any:
    """Secretary of 海裕社区 (C11), home of the clinic and of the need N-BP."""
    return user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C11"])


def open_need_codes() -> list[str]:
    return list(
        Need.objects.filter(status=Need.Status.OPEN).order_by("code").values_list("code", flat=True)
    )


def partner_codes() -> list[str]:
    return list(Partner.objects.values_list("code", flat=True))
