"""State and choice names on the pages follow the language switch; Chinese stays the default
and what is stored or exported stays Chinese."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.errors import ConflictError
from needs import services
from needs.models import Need, Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(need, offering):
    need.priority = Need.Priority.URGENT
    need.save(update_fields=["priority"])
    return ProjectFactory.create(need=need, offering=offering, status=Project.Status.DISPATCHED)


def test_project_page_in_english_names_the_state_in_english(client, secretary, project):
    client.force_login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("project-page", args=[project.pk])).content.decode()
    assert "Dispatched" in page
    assert "已派单" not in page


def test_project_page_in_chinese_keeps_the_chinese_state(client, secretary, project):
    client.force_login(secretary)
    page = client.get(reverse("project-page", args=[project.pk])).content.decode()
    assert "已派单" in page
    assert "Dispatched" not in page


def test_needs_list_in_english_names_priority_and_source(client, secretary, project):
    client.force_login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("needs")).content.decode()
    assert "Urgent" in page
    assert "Survey" in page
    assert "紧急" not in page
    assert "走访调查" not in page


def test_offering_units_and_partner_kinds_are_translated_on_the_partner_page(
    client, secretary, partner, offering
):
    client.force_login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("partner-page", args=[partner.code])).content.decode()
    for english in ("Social organisation", "Verified", "Free", "sessions"):
        assert english in page
    for chinese in ("社会组织", "已认证", "免费", "场次"):
        assert chinese not in page


def test_a_refused_step_under_english_keeps_a_chinese_chinese_half(member, project):
    """Service messages are Chinese first with an English half; with English active the
    Chinese half must not turn into a mix of languages."""
    with translation.override("en"), pytest.raises(ConflictError) as refused:
        services.project_deliver(actor=member, project=project)
    assert refused.value.message.startswith("项目已派单，")
