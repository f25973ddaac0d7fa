"""The small district every journey starts from."""

from __future__ import annotations

from typing import Any

from partners.models import Community, OfferingArea, Role
from tests.factories import OfferingFactory, PartnerFactory, make_tree, user_with_role


def district() -> dict[str, Any]:
    """The tree of ``make_tree``, a secretary of 海裕社区 and two verified partners whose
    health checks serve it."""
    tree = make_tree()
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    secretary.first_name = "张书记"
    secretary.save()
    offerings = []
    for code, name, title in (
        ("P-CLINIC", "海裕社康中心", "长者义诊"),
        ("P-RED", "红十字志愿队", "血压血糖筛查"),
    ):
        partner = PartnerFactory.create(code=code, name=name, community=tree["C11"])
        offering = OfferingFactory.create(
            code=f"O-{code}", partner=partner, title=title, modes=["at_center", "home_visit"]
        )
        OfferingArea.objects.create(offering=offering, community=tree["C11"], position=0)
        offerings.append(offering)
    return {"tree": tree, "secretary": secretary, "offerings": offerings}


def serve(offering: Any, community: Community) -> None:
    OfferingArea.objects.filter(offering=offering).delete()
    OfferingArea.objects.create(offering=offering, community=community, position=0)
