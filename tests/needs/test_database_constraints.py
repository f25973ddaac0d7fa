"""Rules on needs and projects the database refuses to break."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from needs.models import Project
from tests.factories import NeedFactory, OfferingFactory, ProjectFactory, make_tree

pytestmark = pytest.mark.django_db


def _refused(make: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_need_window_must_not_end_before_it_starts():
    tree = make_tree()
    _refused(
        lambda: NeedFactory.create(
            community=tree["C11"],
            window_start=dt.date(2026, 12, 1),
            window_end=dt.date(2026, 11, 1),
        )
    )


def test_need_quantity_is_at_least_one():
    tree = make_tree()
    _refused(lambda: NeedFactory.create(community=tree["C11"], quantity=0))


def test_one_live_pairing_per_need_and_offering():
    tree = make_tree()
    need = NeedFactory.create(community=tree["C11"])
    offering = OfferingFactory.create(partner__community=tree["C11"])
    ProjectFactory.create(need=need, offering=offering)
    _refused(lambda: ProjectFactory.create(need=need, offering=offering))


def test_a_declined_pairing_may_be_proposed_again():
    tree = make_tree()
    need = NeedFactory.create(community=tree["C11"])
    offering = OfferingFactory.create(partner__community=tree["C11"])
    ProjectFactory.create(need=need, offering=offering, status=Project.Status.DECLINED)
    ProjectFactory.create(need=need, offering=offering, status=Project.Status.PROPOSED)
    assert Project.objects.filter(need=need, offering=offering).count() == 2
