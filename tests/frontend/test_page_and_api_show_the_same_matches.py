"""A need's matches are one behaviour with two faces: the page's panel and the API show
the same offerings in the same order with the same reasons, in the page's language."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import OfferingFactory
from tests.frontend.conftest import serve

pytestmark = pytest.mark.django_db


def _page(client, need):
    body = client.get(reverse("need-matches-panel", args=[need.code])).content.decode()
    return body, re.findall(r'<span class="reason-detail">([^<]*)</span>', body)


def test_the_page_and_the_api_rank_and_explain_alike(
    client, secretary, need, offering, partner, tree
):
    second = serve(
        OfferingFactory.create(code="O-HEALTH-2", partner=partner, title="社区义诊测血压"),
        tree["C11"],
    )
    api = APIClient()
    api.force_authenticate(secretary)
    matches = api.get(f"/api/v1/needs/{need.code}/matches/").json()["matches"]
    assert {m["offering"] for m in matches} >= {offering.code, second.code}

    client.force_login(secretary)
    body, details = _page(client, need)
    # The same offerings, in the same order.
    positions = [body.index(m["offering_title"]) for m in matches if m["offering_title"] in body]
    assert len(positions) == len(matches)
    assert positions == sorted(positions)
    # The same reasons' words, each shown where it is worth a point.
    shown = [r["text_zh"] for m in matches for r in m["reasons"] if r["points"] > 0]
    assert details == shown
    assert all(isinstance(r["points"], int) for m in matches for r in m["reasons"])
