"""GET /api/v1/categories/suggest/, the need form and ``manage.py read_need`` give the
same reading of a text, through one selector."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from matching.selectors import read_text, reading_payload

pytestmark = pytest.mark.django_db

TEXT = "楼里独居老人多，希望每月有人来测血压"


def test_api_answers_the_reading(district: Any, secretary: Any, client_for: Any) -> None:
    response = client_for(secretary).get(reverse("categories-suggest"), {"text": TEXT})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"categories", "modes", "beneficiaries", "confident"}
    assert len(body["categories"]) == 3
    assert {"code", "name", "probability"} <= set(body["categories"][0])
    assert body == reading_payload(read_text(TEXT, district="BA"))


def test_api_needs_a_text(district: Any, secretary: Any, client_for: Any) -> None:
    assert client_for(secretary).get(reverse("categories-suggest")).status_code == 400


def test_page_offers_the_categories_the_api_reads(
    district: Any, secretary: Any, client_for: Any, client: Any
) -> None:
    api = client_for(secretary).get(reverse("categories-suggest"), {"text": TEXT}).json()
    client.force_login(secretary)

    body = client.get(reverse("need-suggest"), {"title": TEXT}).content.decode()

    shown = api["categories"] if not api["confident"] else api["categories"][:1]
    for guess in shown:
        assert f'data-category="{guess["code"]}"' in body


def test_command_prints_the_same_reading_as_json_and_a_table(district: Any) -> None:
    out = StringIO()
    call_command("read_need", TEXT, "--district", "BA", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == reading_payload(read_text(TEXT, district="BA"))

    table = StringIO()
    call_command("read_need", TEXT, stdout=table)
    first = reading_payload(read_text(TEXT))["categories"][0]
    assert first["code"] in table.getvalue()
    assert ("confident" in table.getvalue()) or ("unsure" in table.getvalue())
