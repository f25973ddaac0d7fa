"""What a GET returns can be PUT back unchanged: the representation is also the input."""

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, NeedFactory, OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["offering-detail", "need-detail", "meeting-detail"])
def test_get_then_put_changes_nothing(
    tree: Any, client_for: Any, secretary_a: Any, partner_a: Any, url_name: str
) -> None:
    meeting = MeetingFactory.create(code="M-1", community=tree["C11"])
    meeting.attendees.add(partner_a)
    NeedFactory.create(code="N-1", community=tree["C11"], meeting=meeting).tags.add("助老")
    OfferingFactory.create(code="O-1", partner=partner_a).tags.add("义诊")
    code = {"offering-detail": "O-1", "need-detail": "N-1", "meeting-detail": "M-1"}[url_name]
    client = client_for(secretary_a)
    before = client.get(reverse(url_name, args=[code])).json()
    response = client.put(reverse(url_name, args=[code]), before, format="json")
    assert response.status_code == 200, response.json()
    after = response.json()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
