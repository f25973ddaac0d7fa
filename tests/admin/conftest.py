"""A small district with a row of every kind, and staff users holding one role each."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from needs.models import MeetingAttendee
from partners.models import Community, OfferingArea, Role
from tests.factories import (
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    make_tree,
)

PASSWORD = "jinlin-admin-test"


@pytest.fixture
def district(db: None) -> dict[str, Any]:
    """Tree of ``make_tree``; a partner, offering, meeting and need in C11 and in C21."""
    tree: dict[str, Any] = dict(make_tree())
    for key in ("C11", "C21"):
        place: Community = tree[key]
        partner = PartnerFactory.create(
            code=f"P-{key}",
            name=f"{place.name}志愿者协会",
            community=place,
            contact_name="王建国",
            phone="13812345678",
        )
        offering = OfferingFactory.create(code=f"O-{key}", partner=partner)
        OfferingArea.objects.create(offering=offering, community=place)
        meeting = MeetingFactory.create(code=f"M-{key}", community=place)
        MeetingAttendee.objects.create(meeting=meeting, partner=partner)
        need = NeedFactory.create(
            code=f"N-{key}", community=place, title=f"{place.name}老人想测血压"
        )
        ProjectFactory.create(need=need, offering=offering)
        tree[f"partner_{key}"], tree[f"need_{key}"] = partner, need
    return tree


@pytest.fixture
def staff_with_role(db: None) -> Any:
    """``staff_with_role(kind, community=…)``: a staff user holding that role, allowed to
    view every model in the admin (what they see is still their scope)."""

    def make(kind: str, **where: Any) -> Any:
        user = get_user_model().objects.create_user(
            username=f"{kind}_{len(where)}_{next(iter(where.values())).code}",
            password=PASSWORD,
            is_staff=True,
        )
        user.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=("partners", "needs"), codename__startswith="view_"
            )
        )
        Role.objects.create(user=user, kind=kind, **where)
        return user

    return make
