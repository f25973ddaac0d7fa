"""The partner directory's download shows contacts as the partner page does: in full to
those entitled, masked to others; the needs download never carries a resident's phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needs.models import ResidentRequest
from tests.factories import NeedFactory
from tests.frontend.downloads import column, table_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_home_secretary_downloads_the_contact_in_full(client, secretary, partner, fmt):
    client.force_login(secretary)
    table = table_of(client.get(reverse("partners"), {"format": fmt}))
    assert column(table, "联系人") == ["王建国"]
    assert column(table, "联系电话") == ["13812345678"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_another_secretary_downloads_the_contact_masked(client, other_secretary, partner, fmt):
    client.force_login(other_secretary)
    response = client.get(reverse("partners"), {"format": fmt})
    table = table_of(response)
    assert column(table, "编码") == ["P-A"]
    assert column(table, "联系人") == ["王**"]
    assert column(table, "联系电话") == ["138****5678"]
    if fmt == "csv":
        assert "13812345678" not in response.content.decode()


def test_the_needs_download_leaves_out_the_residents_phone(client, secretary, resident, tree):
    asked = ResidentRequest.objects.create(
        community=tree["C11"], text="楼道灯坏了", phone="13987654321", resident=resident
    )
    NeedFactory(code="N-LIGHT", title="楼道灯坏了", community=tree["C11"], request=asked)
    client.force_login(secretary)
    response = client.get(reverse("needs"), {"format": "csv"})
    body = response.content.decode()
    assert "N-LIGHT" in body
    assert "13987654321" not in body
    assert "5432" not in body
