"""认领 as people live it: a resident's wish turned into a need; a partner's member, on
her phone, finds it among her opportunities, claims it with a note; the secretary hears
of it and confirms it from her home; the resident reads who will come. (That a request
left unanswered reaches the street is the journey of test_overdue_request_reaches_the_street.)"""

import pytest
import time_machine

from matching.opportunities import forget_readings
from needs import services
from needs.models import Notification, Project
from partners.models import Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import FACTORY_DAY, user_with_role

pytestmark = pytest.mark.browser


@time_machine.travel(FACTORY_DAY, tick=True)  # inside the offerings' validity
def test_a_partner_claims_the_secretary_confirms_the_resident_reads_who_comes(open_session):
    forget_readings()
    world = district()
    tree = world["tree"]
    secretary = world["secretary"]
    clinic = world["offerings"][0]
    worker = user_with_role(Role.Kind.PARTNER_MEMBER, partner=clinic.partner)
    resident = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    posted = services.request_post(
        actor=resident,
        community=tree["C11"].code,
        text="家里老人血压高，想请医生来量量血压",
        phone="13912345678",
        consent=True,
    )
    need = services.request_convert(actor=secretary, request=posted)
    need.address = "3栋2单元502"
    need.save()

    phone = open_session(PHONE)
    phone.sign_in(worker.username)
    phone.page.get_by_role("link", name="找可认领的需求").click()
    card = phone.page.locator(f"#need-{need.code}")
    card.wait_for()
    assert "3栋2单元502" not in phone.page.content()
    assert "13912345678" not in phone.page.content()
    assert card.locator(".bars li").count() >= 1
    phone.shot("phone-partner-opportunities")
    card.get_by_text("认领", exact=True).click()
    card.get_by_label("认领说明（选填，社区会看到）").fill("周六上午可以上门")
    phone.shot("phone-partner-claim-form")
    card.get_by_role("button", name="确认认领").click()
    phone.page.get_by_text("已认领，等社区确认").wait_for()
    claim = Project.objects.get(need=need)
    assert claim.status == "claimed"
    assert claim.claim_note == "周六上午可以上门"
    phone.shot("phone-partner-claimed")

    office = open_session()
    office.sign_in(secretary.username)
    tile = office.page.locator(".tile", has_text="待确认的认领")
    assert tile.locator("strong").inner_text() == "1"
    assert Notification.objects.filter(recipient=secretary, kind="claimed").count() == 1
    office.shot("secretary-home-claim-to-confirm")
    office.page.locator("#claims").get_by_role("button", name="确认认领").click()
    office.page.get_by_text("已确认认领").wait_for()
    claim.refresh_from_db()
    assert claim.status == "accepted"

    home = open_session(PHONE)
    home.sign_in(resident.username)
    words = home.page.locator(".progress-words").first.inner_text()
    assert "海裕社康中心" in words
    home.shot("phone-resident-reads-who-comes")

    phone.go("/")
    phone.page.get_by_text(need.title).first.wait_for()
    assert Notification.objects.filter(recipient=worker, kind="claim_confirmed").count() == 1
