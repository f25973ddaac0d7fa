"""Rules the database itself refuses to break, whatever path the write takes."""

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from partners.models import Category, Community, Role
from tests.factories import OfferingFactory, PartnerFactory, UserFactory, make_tree

pytestmark = pytest.mark.django_db


def _refused(make: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_service_standard_is_loaded_by_migration():
    assert Category.objects.count() == 34
    related = Category.objects.get(code="legal_aid").related.values_list("code", flat=True)
    assert set(related) == {"mediation", "anti_fraud", "enterprise_service"}


def test_only_a_district_may_stand_at_the_top():
    _refused(lambda: Community.objects.create(code="X", name="孤立街道", level="street"))


def test_unknown_level_is_refused():
    _refused(lambda: Community.objects.create(code="X", name="市", level="city"))


def test_negative_capacity_is_refused():
    make_tree()
    _refused(lambda: OfferingFactory.create(capacity=-1))


def test_validity_ending_before_it_starts_is_refused():
    import datetime as dt

    make_tree()
    _refused(
        lambda: OfferingFactory.create(
            valid_from=dt.date(2026, 5, 1), valid_until=dt.date(2026, 4, 1)
        )
    )


def test_unit_type_is_only_for_units():
    tree = make_tree()
    _refused(
        lambda: PartnerFactory.create(kind="resident", unit_type="school", community=tree["C11"])
    )


def test_a_partner_member_role_must_name_a_partner_not_a_place():
    tree = make_tree()
    user = UserFactory.create()
    _refused(lambda: Role.objects.create(user=user, kind="partner_member", community=tree["C11"]))
