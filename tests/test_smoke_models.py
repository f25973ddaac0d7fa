import pytest
from django.db import IntegrityError, transaction

from partners.models import Category
from tests.factories import OfferingFactory, make_tree

pytestmark = pytest.mark.django_db


def test_service_standard_is_loaded_by_migration():
    assert Category.objects.count() == 34
    assert set(Category.objects.get(code="sports").related.values_list("code", flat=True)) == {
        "elderly_class"
    }


def test_database_refuses_a_street_without_parent():
    from partners.models import Community

    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.create(code="X", name="孤立街道", level="street", parent=None)


def test_database_refuses_validity_ending_before_it_starts():
    make_tree()
    import datetime as dt

    with pytest.raises(IntegrityError), transaction.atomic():
        OfferingFactory(valid_from=dt.date(2026, 5, 1), valid_until=dt.date(2026, 4, 1))
