"""A list's download costs the same few queries however many rows it holds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needs.models import Project
from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _busy(tree, secretary, n):
    for i in range(n):
        partner = PartnerFactory(code=f"P-{i:02d}", community=tree["C11"])
        offering = OfferingFactory(code=f"O-{i:02d}", partner=partner)
        need = NeedFactory(code=f"N-{i:02d}", community=tree["C11"], created_by=secretary)
        ProjectFactory(need=need, offering=offering, status=Project.Status.DISPATCHED)


@pytest.mark.parametrize("name", ["partners", "projects", "needs"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_download_queries_do_not_grow_with_rows(
    client, secretary, other_secretary, tree, name, fmt, django_assert_max_num_queries
):
    _busy(tree, secretary, 30)
    # The other secretary is not entitled to the contacts: each row is masked.
    for viewer in (secretary, other_secretary):
        client.force_login(viewer)
        with django_assert_max_num_queries(10):
            response = client.get(reverse(name), {"format": fmt})
        assert response.status_code == 200
        assert len(response.content) > 0
