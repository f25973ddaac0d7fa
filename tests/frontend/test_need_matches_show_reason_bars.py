import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_matches_show_each_reason_as_a_bar_and_a_dispatch_button(client, secretary, need, offering):
    client.force_login(secretary)
    response = client.get(reverse("need-matches-panel", args=[need.code]))
    body = response.content.decode()
    assert offering.title in body
    widths = [int(w) for w in re.findall(r'class="bar w-(\d+)"', body)]
    assert widths, "no reason bars"
    # Each bar is its reason's points out of 100, so together they make up the score.
    score = int(re.findall(r'class="score-total"[^>]*>(\d+)<small>/100', body)[0])
    assert abs(sum(widths) - score) <= len(widths)
    assert reverse("need-dispatch", args=[need.code]) in body


def test_another_community_secretary_gets_no_matches(client, other_secretary, need, offering):
    client.force_login(other_secretary)
    assert client.get(reverse("need-matches-panel", args=[need.code])).status_code == 404


def test_category_suggestions_answer_the_typed_text(client, secretary, offering):
    client.force_login(secretary)
    response = client.get(reverse("need-suggest"), {"title": "老人测血压义诊"})
    body = response.content.decode()
    assert 'data-category="health_checkup"' in body
