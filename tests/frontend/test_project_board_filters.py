"""The project board narrows to a state, a community, a quarter or a partner, and keeps
the choices in the URL and in the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(tree):
    clinic = PartnerFactory(code="P-CLINIC", name="海裕诊所", community=tree["C11"])
    barber = PartnerFactory(code="P-BARBER", name="灵芝理发店", community=tree["C12"])
    ProjectFactory(
        need=NeedFactory(code="N-1", title="测血压甲", community=tree["C11"]),
        offering=OfferingFactory(code="O-CHECK", partner=clinic),
        quarter="2026Q4",
        status="dispatched",
    )
    ProjectFactory(
        need=NeedFactory(code="N-2", title="理发乙", community=tree["C12"]),
        offering=OfferingFactory(code="O-CUT", partner=barber, title="上门理发"),
        quarter="2026Q3",
        status="evaluated",
    )


@pytest.mark.parametrize(
    ("choice", "shown", "hidden"),
    [
        ({"status": "dispatched"}, "测血压甲", "理发乙"),
        ({"community": "BA-S1-C2"}, "理发乙", "测血压甲"),
        ({"quarter": "2026Q4"}, "测血压甲", "理发乙"),
        ({"partner": "P-BARBER"}, "理发乙", "测血压甲"),
    ],
)
def test_each_filter_narrows_the_board(client, street_admin, board, choice, shown, hidden):
    client.force_login(street_admin)
    body = client.get(reverse("projects"), choice).content.decode()
    assert shown in body
    assert hidden not in body


def test_the_board_unfiltered_shows_both(client, street_admin, board):
    client.force_login(street_admin)
    body = client.get(reverse("projects")).content.decode()
    assert "测血压甲" in body
    assert "理发乙" in body


def test_the_form_keeps_the_choices_and_the_download_links_follow_them(client, street_admin, board):
    client.force_login(street_admin)
    body = client.get(
        reverse("projects"), {"quarter": "2026Q3", "partner": "P-BARBER"}
    ).content.decode()
    assert '<option value="2026Q3" selected>' in body
    assert '<option value="P-BARBER" selected>' in body
    assert "quarter=2026Q3&amp;partner=P-BARBER&amp;format=xlsx" in body


def test_the_choices_are_only_those_the_viewer_may_see(client, secretary, board):
    client.force_login(secretary)
    body = client.get(reverse("projects")).content.decode()
    assert 'value="P-CLINIC"' in body
    assert 'value="P-BARBER"' not in body
    assert 'value="BA-S1-C2"' not in body
