"""The notice a resident agrees to when posting a request is true: partners never see
requests (only her community's administrators and she do), and a request posted now
records that version of the notice."""

from __future__ import annotations

import pytest

from partners.models import ConsentRecord, Role
from partners.services import CONSENT_NOTICES, consent_record
from tests.factories import user_with_role

NOTICE = CONSENT_NOTICES[ConsentRecord.Purpose.RESIDENT_REQUEST]


def test_the_request_notice_does_not_say_partners_can_see_requests():
    version, text = NOTICE
    assert "合伙人可以看到" not in text
    assert "合伙人看不到您的点单" in text
    assert version != "2026-1"  # the earlier wording said partners could see requests


@pytest.mark.django_db
def test_a_request_posted_now_records_the_true_notices_version(tree):
    resident = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    consent = consent_record(
        actor=resident, purpose=ConsentRecord.Purpose.RESIDENT_REQUEST, record="R1"
    )
    assert consent is not None
    assert consent.text_version == NOTICE[0]
