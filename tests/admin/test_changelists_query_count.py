"""Admin lists cost a fixed number of queries, however many rows they show."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from partners.models import Role
from tests.factories import NeedFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["partners_partner", "partners_offering", "needs_need", "needs_project"]
)
def test_list_queries_do_not_grow_with_rows(
    model: str,
    client: Client,
    district: dict[str, Any],
    staff_with_role: Any,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(15):
        PartnerFactory.create(code=f"P-X{n}", community=district["C11"])
        NeedFactory.create(code=f"N-X{n}", community=district["C11"])
    client.force_login(staff_with_role(Role.Kind.STREET_ADMIN, community=district["S1"]))
    with django_assert_max_num_queries(14):
        assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
