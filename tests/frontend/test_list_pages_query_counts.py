import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from needs.models import Project
from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_community(tree, secretary):
    for i in range(25):
        partner = PartnerFactory.create(code=f"P-{i:02d}", community=tree["C11"])
        offering = OfferingFactory.create(code=f"O-{i:02d}", partner=partner)
        need = NeedFactory.create(code=f"N-{i:02d}", community=tree["C11"], created_by=secretary)
        ProjectFactory.create(need=need, offering=offering, status=Project.Status.DISPATCHED)
        # Proposed work waiting for her, and needs past their promised answer.
        waiting = NeedFactory.create(
            code=f"N-W{i:02d}",
            community=tree["C11"],
            respond_by=timezone.now() - dt.timedelta(days=1),
        )
        ProjectFactory.create(need=waiting, offering=offering, status=Project.Status.PROPOSED)


@pytest.mark.parametrize("name", ["partners", "projects", "needs", "home", "partner-queue"])
def test_list_pages_need_few_queries_whatever_their_length(
    client, secretary, busy_community, name, django_assert_max_num_queries
):
    client.force_login(secretary)
    # The home reads more than a list (proposed work, claims to confirm, room bookings to
    # approve, late and due-soon items, meetings awaiting minutes), each in a fixed
    # number of queries.
    with django_assert_max_num_queries(27 if name == "home" else 20):
        assert client.get(reverse(name)).status_code == 200


def test_directory_search_finds_partners_by_what_they_offer(client, secretary, tree):
    partner = PartnerFactory.create(code="P-LAW", name="西乡律师事务所", community=tree["C21"])
    OfferingFactory.create(code="O-LAW", partner=partner, title="免费法律咨询")
    PartnerFactory.create(code="P-OTHER", name="别的合伙人", community=tree["C11"])
    client.force_login(secretary)
    body = client.get(reverse("partners"), {"q": "法律"}).content.decode()
    assert "西乡律师事务所" in body
    assert "别的合伙人" not in body
