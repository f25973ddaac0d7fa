"""A resident sees the need a secretary made of her request, through the needs list and
the need itself; another resident of the same community does not."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from needs import services
from needs.models import ResidentRequest
from partners.models import Community, Role
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_need_of_her_request_is_hers_to_see_and_no_other_residents(
    tree: dict[str, Community], secretary: Any, resident: Any, client_for: Any
) -> None:
    request = ResidentRequest.objects.create(
        community=tree["C11"], text="楼道灯坏了一个月", resident=resident, phone="13900001111"
    )
    need = services.request_convert(actor=secretary, request=request)
    NeedFactory.create(community=tree["C11"])
    neighbour = user_with_role(Role.Kind.RESIDENT, community=tree["C11"])

    listed = client_for(resident).get(reverse("need-list")).json()["results"]
    assert [row["code"] for row in listed] == [need.code]
    assert client_for(resident).get(reverse("need-detail", args=[need.code])).status_code == 200
    assert client_for(neighbour).get(reverse("need-list")).json()["results"] == []
    assert client_for(neighbour).get(reverse("need-detail", args=[need.code])).status_code == 404
