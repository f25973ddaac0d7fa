"""Concurrent claims on PostgreSQL, real threads each with its own connection and
transaction: twenty partners claiming one small wish that the district confirms on
claim give exactly one accepted claim; twenty claims on one offering of capacity 1
give exactly one claim holding it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from matching.services import need_claim
from needs.models import DeadlinePolicy, Need, Project
from partners.models import Offering, Role
from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, user_with_role
from tests.matching.conftest import serve
from tests.races import race

ATTEMPTS = 20

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _claim(user: Any, need: Need, offering: Offering) -> Callable[[], str]:
    def claim() -> str:
        actor = type(user).objects.get(pk=user.pk)
        return need_claim(actor=actor, need=need, offering=offering, quantity=1).status

    return claim


def test_twenty_partners_claim_one_small_wish_and_exactly_one_gets_it(
    district: dict[str, Any],
) -> None:
    tree = district["tree"]
    DeadlinePolicy.objects.create(district=tree["BA"], rules=[], wishes_confirm_on_claim=True)
    wish = NeedFactory.create(
        code="N-WISH",
        community=tree["C11"],
        title="独居老人想量量血压",
        description="老人行动不便，希望有人来测血压",
        category_id="health_checkup",
        source=Need.Source.RESIDENT,
        quantity=1,
    )
    claims = []
    for i in range(ATTEMPTS):
        partner = PartnerFactory.create(code=f"P-R{i:02d}", community=tree["C11"])
        offering = serve(
            OfferingFactory.create(
                code=f"O-R{i:02d}", partner=partner, category_id="health_checkup", capacity=1
            ),
            tree["S1"],
        )
        member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=partner)
        claims.append(_claim(member, wish, offering))
    outcomes, refusals = race(claims)
    assert sorted(outcomes) == ["accepted"] + ["refused"] * (ATTEMPTS - 1)
    assert all("不能认领" in m or "已有合伙人承接" in m for m in refusals), refusals
    assert Project.objects.filter(need=wish, status="accepted").count() == 1
    assert not Project.objects.filter(need=wish, status="claimed").exists()
    print(f"{ATTEMPTS} concurrent claims of one small wish: {outcomes.count('accepted')} accepted")


def test_twenty_claims_on_one_offering_of_capacity_one_hold_it_once(
    district: dict[str, Any],
) -> None:
    tree = district["tree"]
    offering = Offering.objects.get(code="O-HEALTH-S1")
    offering.capacity = 1
    offering.save()
    claims = []
    for i in range(ATTEMPTS):
        need = NeedFactory.create(
            code=f"N-C{i:02d}",
            community=tree["C11"],
            title="老人想测血压",
            description="楼里独居老人多，希望每月有人来测血压",
            category_id="health_checkup",
        )
        member = user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["clinic"])
        claims.append(_claim(member, need, offering))
    outcomes, refusals = race(claims)
    assert sorted(outcomes) == ["claimed"] + ["refused"] * (ATTEMPTS - 1)
    assert all("名额已满" in m for m in refusals), refusals
    assert Project.objects.filter(offering=offering, status="claimed").count() == 1
