"""factory_boy factories for the domain. Build a small tree with :func:`make_tree`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from needs.models import LiaisonMeeting, Need, Project
from partners.models import Community, Offering, Partner, Role

PASSWORD = "jinlin-test-pass"
# A day inside the factories' quarter (2026Q4): after their meetings, inside their needs'
# windows and their offerings' validity. Tests that read today (this quarter, overdue,
# a window from today) run on it, so that they hold whatever day the suite runs.
FACTORY_DAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


class CommunityFactory(factory.django.DjangoModelFactory[Community]):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-C{n:03d}")
    name = factory.Sequence(lambda n: f"测试社区{n}")
    level = Community.Level.COMMUNITY
    lat = 22.6
    lng = 113.9


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-P{n:04d}")
    name = factory.Sequence(lambda n: f"测试合伙人{n}")
    kind = Partner.Kind.SOCIAL_ORG
    community = factory.SubFactory(CommunityFactory)
    address = "宝安区测试路1号"
    lat = 22.6
    lng = 113.9
    contact_name = "王建国"
    phone = "13812345678"
    status = Partner.Status.VERIFIED


class OfferingFactory(factory.django.DjangoModelFactory[Offering]):
    class Meta:
        model = Offering
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-O{n:05d}")
    partner = factory.SubFactory(PartnerFactory)
    title = "长者义诊"
    description = "每月一次，为社区老人测血压、血糖"
    category_id = "health_checkup"
    modes = factory.LazyFunction(lambda: ["at_center"])
    beneficiaries = factory.LazyFunction(lambda: ["elderly"])
    capacity = 4
    valid_from = dt.date(2026, 1, 1)
    valid_until = dt.date(2027, 12, 31)


class MeetingFactory(factory.django.DjangoModelFactory[LiaisonMeeting]):
    class Meta:
        model = LiaisonMeeting
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-M{n:03d}")
    community = factory.SubFactory(CommunityFactory)
    date = dt.date(2026, 10, 15)
    title = "2026年第四季度党建联席会"


class NeedFactory(factory.django.DjangoModelFactory[Need]):
    class Meta:
        model = Need
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-N{n:04d}")
    community = factory.SubFactory(CommunityFactory)
    title = "老人想测血压"
    description = "楼里独居老人多，希望每月有人来测血压"
    modes = factory.LazyFunction(lambda: ["at_center"])
    beneficiaries = factory.LazyFunction(lambda: ["elderly"])
    window_start = dt.date(2026, 10, 1)
    window_end = dt.date(2026, 12, 31)


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    need = factory.SubFactory(NeedFactory)
    offering = factory.SubFactory(OfferingFactory)
    quantity = 1
    quarter = "2026Q4"
    status = Project.Status.DISPATCHED


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


def make_tree() -> dict[str, Community]:
    """District BA → streets S1, S2 → communities S1-C1, S1-C2, S2-C1 → station S1-C1-X1."""
    ba = CommunityFactory.create(code="BA", name="宝安区", level="district", parent=None)
    s1 = CommunityFactory.create(code="BA-S1", name="新安街道", level="street", parent=ba)
    s2 = CommunityFactory.create(code="BA-S2", name="西乡街道", level="street", parent=ba)
    c11 = CommunityFactory.create(code="BA-S1-C1", name="海裕社区", parent=s1)
    c12 = CommunityFactory.create(code="BA-S1-C2", name="灵芝社区", parent=s1)
    c21 = CommunityFactory.create(code="BA-S2-C1", name="九围社区", parent=s2)
    x1 = CommunityFactory.create(code="BA-S1-C1-X1", name="海裕小区站", level="station", parent=c11)
    return {"BA": ba, "S1": s1, "S2": s2, "C11": c11, "C12": c12, "C21": c21, "X1": x1}


def user_with_role(kind: str, **where: Any) -> Any:
    """A user holding one role; ``where`` is ``community=…`` or ``partner=…``."""
    user = UserFactory.create()
    Role.objects.create(user=user, kind=kind, **where)
    return user
