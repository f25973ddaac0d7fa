import pytest
from django.urls import reverse

from needs.models import Need

pytestmark = pytest.mark.django_db


def _post(client, **changes):
    data = {
        "community": "",
        "title": "独居老人上门理发",
        "description": "每月一次，楼里十几位老人",
        "modes": ["home_visit"],
        "quantity": "2",
        "window_start": "2026-11-01",
        "window_end": "2026-12-31",
        "priority": "normal",
    }
    data.update(changes)
    return client.post(reverse("need-new"), data)


def test_missing_title_is_reported_beside_it_and_the_rest_is_kept(client, secretary, tree):
    client.force_login(secretary)
    response = _post(client, community=tree["C11"].pk, title="")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_title_errors"' in body
    assert 'aria-invalid="true"' in body
    assert "每月一次，楼里十几位老人" in body
    assert not Need.objects.exists()


def test_window_ending_before_it_starts_is_refused_on_the_end_date(client, secretary, tree):
    client.force_login(secretary)
    response = _post(client, community=tree["C11"].pk, window_end="2026-10-01")
    body = response.content.decode()
    assert 'id="id_window_end_errors"' in body
    assert "截止日期不能早于开始日期" in body
    assert not Need.objects.exists()


def test_valid_need_is_posted_through_the_service(client, secretary, tree):
    client.force_login(secretary)
    response = _post(client, community=tree["C11"].pk, preferred_slots=["2-am", "4-pm"])
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("need-page", args=[need.code])
    assert need.created_by == secretary
    assert need.modes == ["home_visit"]
    assert need.preferred_slots == [
        {"weekday": 2, "start": "09:00", "end": "12:00"},
        {"weekday": 4, "start": "14:00", "end": "17:00"},
    ]


def test_secretary_cannot_post_in_another_community(client, secretary, tree):
    client.force_login(secretary)
    response = _post(client, community=tree["C21"].pk)
    assert response.status_code == 200
    assert 'id="id_community_errors"' in response.content.decode()
    assert not Need.objects.exists()
