"""Every record's code holds ASCII letters, digits, "-" and "_" only, at most 64 of them:
codes go into page addresses, file names and download headers, where "/", ".", quotes
and line breaks broke whole pages for everyone."""

from typing import Any

import pytest
from django.urls import reverse

from needs.models import LiaisonMeeting, Need
from partners.models import Offering, Partner
from tests.api.test_need_writes import BODY as NEED
from tests.api.test_offering_writes import BODY as OFFERING
from tests.api.test_partner_register import BODY as PARTNER

pytestmark = pytest.mark.django_db

MEETING = {"community": "BA-S1-C1", "date": "2026-10-15", "title": "第四季度党建联席会"}
BAD_CODES = ["R/1", "M.1", 'M"1', "M\r\n1", "M 1", "编码", "M%2F1", "x" * 65]


@pytest.mark.parametrize("code", BAD_CODES)
def test_a_resident_cannot_post_a_need_under_a_bad_code(
    client_for: Any, resident: Any, code: str
) -> None:
    response = client_for(resident).post(
        reverse("need-list"), {**NEED, "code": code}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert not Need.objects.exists()


@pytest.mark.parametrize("code", BAD_CODES)
def test_a_user_cannot_register_a_partner_under_a_bad_code(
    tree: Any, client_for: Any, resident: Any, code: str
) -> None:
    response = client_for(resident).post(
        reverse("partner-list"), {**PARTNER, "code": code}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert not Partner.objects.filter(code=code).exists()


def test_a_member_cannot_add_an_offering_under_a_bad_code(
    client_for: Any, partner_a: Any, member_a: Any
) -> None:
    response = client_for(member_a).post(
        reverse("offering-list"), {**OFFERING, "code": "O/EVIL"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert not Offering.objects.exists()


@pytest.mark.parametrize("code", ['M"1', "M\r\n1", "M.xlsx"])
def test_a_secretary_cannot_schedule_a_meeting_under_a_bad_code(
    client_for: Any, secretary_a: Any, code: str
) -> None:
    response = client_for(secretary_a).post(
        reverse("meeting-list"), {**MEETING, "code": code}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert not LiaisonMeeting.objects.exists()


def test_a_good_code_is_kept(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).post(
        reverse("meeting-list"), {**MEETING, "code": "M-2026_Q4"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert LiaisonMeeting.objects.filter(code="M-2026_Q4").exists()


def test_a_reference_to_a_bad_code_names_the_field(client_for: Any, secretary_a: Any) -> None:
    response = client_for(secretary_a).post(
        reverse("need-list"), {**NEED, "community": "BA/S1"}, format="json"
    )
    assert response.status_code == 400
    assert "community" in response.json()["error"]["fields"]
