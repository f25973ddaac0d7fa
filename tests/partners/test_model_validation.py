"""Model validation (what the admin's forms and ``full_clean`` enforce)."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import NeedFactory, OfferingFactory, make_tree

pytestmark = pytest.mark.django_db


def test_unknown_delivery_mode_is_refused():
    make_tree()
    offering = OfferingFactory.create(modes=["at_center"])
    offering.modes = ["walk_in"]
    with pytest.raises(ValidationError) as info:
        offering.full_clean()
    assert "modes" in info.value.message_dict


def test_offering_needs_a_delivery_mode():
    make_tree()
    offering = OfferingFactory.create()
    offering.modes = []
    with pytest.raises(ValidationError) as info:
        offering.full_clean()
    assert "modes" in info.value.message_dict


def test_unknown_beneficiary_group_is_refused_on_a_need():
    tree = make_tree()
    need = NeedFactory.create(community=tree["C11"])
    need.beneficiaries = ["aliens"]
    with pytest.raises(ValidationError) as info:
        need.full_clean()
    assert "beneficiaries" in info.value.message_dict


def test_need_cannot_belong_to_a_whole_street():
    tree = make_tree()
    need = NeedFactory.create(community=tree["C11"])
    need.community = tree["S1"]
    with pytest.raises(ValidationError) as info:
        need.full_clean()
    assert "community" in info.value.message_dict


def test_valid_records_pass():
    tree = make_tree()
    NeedFactory.create(community=tree["X1"]).full_clean()
    OfferingFactory.create(partner__community=tree["C11"]).full_clean()
