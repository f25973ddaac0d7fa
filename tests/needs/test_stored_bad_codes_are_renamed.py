"""The migration bringing stored codes under the code rule renames each bad one
("R/1" → "R-1", apart from any code already taken), after which the pages listing them
render for everyone again."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.test import Client

from core.validators import repair_stored_codes
from needs.models import LiaisonMeeting, Need
from partners.models import Partner, Role
from tests.factories import MeetingFactory, NeedFactory, PartnerFactory, make_tree, user_with_role

pytestmark = pytest.mark.django_db


def test_bad_codes_are_renamed_and_reported() -> None:
    tree = make_tree()
    NeedFactory.create(code="R-1", community=tree["C11"])
    odd = NeedFactory.create(community=tree["C11"])
    Need.objects.filter(pk=odd.pk).update(code="R/1")  # as stored before the rule
    out = io.StringIO()
    assert repair_stored_codes(Need, out) == [("R/1", "R-1-2")]
    assert set(Need.objects.values_list("code", flat=True)) == {"R-1", "R-1-2"}
    assert "'R/1' renamed 'R-1-2'" in out.getvalue()


def test_after_the_migration_the_needs_page_lists_every_need() -> None:
    tree = make_tree()
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    need = NeedFactory.create(community=tree["C11"], title="楼道灯坏了")
    Need.objects.filter(pk=need.pk).update(code="R/1")
    meeting = MeetingFactory.create(community=tree["C11"])
    LiaisonMeeting.objects.filter(pk=meeting.pk).update(code='M"1\r\n.x')
    partner = PartnerFactory.create(community=tree["C11"], status="pending")
    Partner.objects.filter(pk=partner.pk).update(code="P/EVIL")

    migration = importlib.import_module("needs.migrations.0008_code_rule")
    migration.rename_bad_codes(apps, None)
    importlib.import_module("partners.migrations.0005_code_rule").rename_bad_codes(apps, None)

    client = Client()
    client.force_login(secretary)
    page = client.get("/needs/")
    assert page.status_code == 200
    assert "R-1" in page.content.decode()
    assert client.get("/needs/R-1/").status_code == 200
    assert LiaisonMeeting.objects.get(pk=meeting.pk).code == "M-1---x"
    assert Partner.objects.get(pk=partner.pk).code == "P-EVIL"
