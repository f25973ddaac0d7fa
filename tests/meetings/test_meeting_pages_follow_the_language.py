"""The meeting pages follow the language switch like the rest of the site."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.meetings.conftest import Scenario

pytestmark = pytest.mark.django_db

# Chinese outside what people typed (titles, names, places, minutes).
HAN = re.compile(r"[\u4e00-\u9fff]+")


def _english_client(scenario: Scenario) -> Client:
    client = Client()
    client.force_login(scenario.secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_meetings_list_in_english(scenario: Scenario) -> None:
    page = _english_client(scenario).get(reverse("meeting-page-list")).content.decode()
    assert "Liaison meetings" in page
    assert "党建联席会</h1>" not in page
    assert "Schedule a meeting" in page


def test_meeting_page_in_english_names_its_sections_and_buttons(generated: Scenario) -> None:
    client = _english_client(generated)
    page = client.get(reverse("meeting-page", kwargs={"code": "M-Q4"})).content.decode()
    for english in ("Agenda", "Attendees", "Export", "Decision"):
        assert english in page
    for chinese in ("会议议程", "参会单位", "记录决定", "导出的文件"):
        assert chinese not in page


def test_schedule_form_in_english(scenario: Scenario) -> None:
    page = _english_client(scenario).get(reverse("meeting-page-create")).content.decode()
    start = page.index('<form class="card narrow"')
    form = page[start : page.index("</form>", start)]
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", form)
    assert labels
    assert not [label for label in labels if HAN.search(label)]
