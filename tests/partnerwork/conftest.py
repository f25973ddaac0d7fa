"""A resident's request turned into a need and dispatched to a partner, with photos kept
in a temporary folder."""

from __future__ import annotations

from typing import Any

import pytest

from needs import services
from needs.models import Project
from partners.models import Profile, Role
from tests.factories import OfferingFactory, PartnerFactory, user_with_role
from tests.needs.conftest import make_need, make_project, offering, partner  # noqa: F401


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def dispatched(
    secretary: Any,
    resident: Any,
    member: Any,
    offering: Any,  # noqa: F811 (the imported fixture, asked for by name)
    tree: Any,
) -> Project:
    """The resident asked for a repair (agreeing to share her phone), her request became
    a need at 3栋2单元, and the secretary 张书记 dispatched it with a note."""
    secretary.first_name = "张书记"
    secretary.save()
    Profile.objects.create(user=secretary, phone="13800138000")
    posted = services.request_post(
        actor=resident,
        community=tree["C11"].code,
        text="厨房水龙头一直滴水",
        phone="13912345678",
        consent=True,
        share_phone=True,
    )
    need = services.request_convert(actor=secretary, request=posted)
    need.address = "3栋2单元502"
    need.save()
    project = services.project_create(
        actor=secretary, need=need, offering=offering, quantity=1, status="proposed"
    )
    services.project_dispatch(actor=secretary, project=project, note="老人耳背，请多敲门")
    project.refresh_from_db()
    return project


@pytest.fixture
def stranger() -> Any:
    """A member of another partner."""
    other = PartnerFactory.create(code="P-ELSE")
    OfferingFactory.create(code="O-ELSE", partner=other)
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=other)
