"""A resident's request (群众点单, 微心愿): posted by her or by a secretary for her, turned
into a pre-filled need that links back, or declined with a reason; she follows it and
rates the service once delivered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from core.errors import ConflictError, InvalidInputError, NotAllowedError
from needs import services
from needs.models import Evaluation, Need, Notification, ResidentRequest
from needs.selectors import needs_visible_to, projects_visible_to, requests_visible_to
from partners.models import Community, Offering
from tests.factories import FACTORY_DAY


def test_resident_posts_a_request_in_her_community(
    resident: Any, tree: dict[str, Community]
) -> None:
    request = services.request_post(
        consent=True,
        actor=resident,
        community="BA-S1-C1",
        text="楼道灯坏了\n三楼一直不亮",
        phone="13900001111",
    )
    assert (request.resident_id, request.created_by_id, request.status) == (
        resident.pk,
        resident.pk,
        "open",
    )
    assert list(requests_visible_to(resident)) == [request]


def test_resident_cannot_post_elsewhere_or_for_someone_else(
    resident: Any, secretary: Any, tree: dict[str, Community]
) -> None:
    with pytest.raises(NotAllowedError):
        services.request_post(consent=True, actor=resident, community="BA-S2-C1", text="想学太极")
    request = services.request_post(
        consent=True,
        actor=resident,
        community="BA-S1-C1",
        text="想学太极",
        resident=secretary.username,
    )
    assert request.resident_id == resident.pk


def test_secretary_posts_for_a_resident_by_username(
    secretary: Any, resident: Any, tree: dict[str, Community]
) -> None:
    request = services.request_post(
        consent=True,
        actor=secretary,
        community="BA-S1-C1",
        text="独居老人想要助浴",
        resident=resident.username,
    )
    assert (request.resident_id, request.created_by_id) == (resident.pk, secretary.pk)
    with pytest.raises(InvalidInputError) as caught:
        services.request_post(
            consent=True, actor=secretary, community="BA-S1-C1", text="助浴", resident="nobody-here"
        )
    assert "resident" in caught.value.fields
    # Without an account the request is the community's to follow.
    anonymous = services.request_post(
        consent=True, actor=secretary, community="BA-S1-C1", text="助浴"
    )
    assert anonymous.resident_id is None


@pytest.mark.parametrize(
    ("text", "phone", "field"),
    [("", "", "text"), ("想学书法", "call me", "phone"), ("字" * 1001, "", "text")],
)
def test_bad_requests_name_the_field(
    resident: Any, tree: dict[str, Community], text: str, phone: str, field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        services.request_post(
            consent=True, actor=resident, community="BA-S1-C1", text=text, phone=phone
        )
    assert field in caught.value.fields


@time_machine.travel(FACTORY_DAY, tick=True)  # the window asked for runs from today
def test_convert_prefills_a_need_that_links_back_and_the_resident_rates_it(
    secretary: Any, member: Any, resident: Any, offering: Offering, tree: dict[str, Community]
) -> None:
    request = services.request_post(
        consent=True,
        actor=resident,
        community="BA-S1-C1",
        text="希望有人教老人用智能手机\n每周一次就好",
    )
    need = services.request_convert(
        actor=secretary,
        request=request,
        data={"category": "digital_literacy", "window_end": dt.date(2027, 3, 31)},
    )
    request.refresh_from_db()
    assert request.status == "converted"
    assert request.decided_by_id == secretary.pk
    assert need.request_id == request.pk
    assert (need.title, need.source, need.status, need.community_id) == (
        "希望有人教老人用智能手机",
        "resident",
        "open",
        tree["C11"].pk,
    )
    assert need.description == request.text
    assert need.category_id == "digital_literacy"
    assert need.window_end == dt.date(2027, 3, 31)
    assert Notification.objects.filter(recipient=resident, kind="request_accepted").exists()
    assert need in needs_visible_to(resident)

    project = services.project_create(
        actor=secretary, need=need, offering=offering, quantity=1, status="dispatched"
    )
    assert project in projects_visible_to(resident)
    with pytest.raises(ConflictError):  # not delivered yet
        services.project_evaluate(actor=resident, project=project, rating=5)
    services.project_accept(actor=member, project=project)
    services.project_start(actor=member, project=project)
    services.project_deliver(actor=member, project=project)
    services.project_evaluate(actor=resident, project=project, rating=5, comment="学会视频通话了")
    with pytest.raises(ConflictError):  # once
        services.project_evaluate(actor=resident, project=project, rating=1)
    assert Evaluation.objects.get(project=project).by == "resident"
    project.refresh_from_db()
    assert project.status == "delivered"  # the community's rating closes it
    need.refresh_from_db()
    assert need.status == "done"


def test_decline_needs_a_reason_the_resident_sees(
    secretary: Any, resident: Any, tree: dict[str, Community]
) -> None:
    request = services.request_post(
        consent=True, actor=resident, community="BA-S1-C1", text="想在小区养鸡"
    )
    with pytest.raises(InvalidInputError):
        services.request_decline(actor=secretary, request=request, reason=" ")
    services.request_decline(actor=secretary, request=request, reason="小区内不允许饲养家禽")
    request.refresh_from_db()
    assert (request.status, request.reason) == ("declined", "小区内不允许饲养家禽")
    assert Notification.objects.get(recipient=resident).kind == "request_declined"
    with pytest.raises(ConflictError):
        services.request_convert(actor=secretary, request=request)
    assert not Need.objects.filter(request=request).exists()


def test_only_the_communitys_administrators_handle_requests(
    other_secretary: Any, resident: Any, member: Any, tree: dict[str, Community]
) -> None:
    request = services.request_post(
        consent=True, actor=resident, community="BA-S1-C1", text="修自行车"
    )
    for actor in (other_secretary, resident, member):
        with pytest.raises(NotAllowedError):
            services.request_convert(actor=actor, request=request)
        with pytest.raises(NotAllowedError):
            services.request_decline(actor=actor, request=request, reason="no")
    assert ResidentRequest.objects.get(pk=request.pk).status == "open"
    assert request not in requests_visible_to(other_secretary)
    assert request not in requests_visible_to(member)


def test_phone_is_for_the_community_and_the_resident_only(
    secretary: Any, resident: Any, other_secretary: Any, member: Any, tree: dict[str, Community]
) -> None:
    request = services.request_post(
        consent=True, actor=resident, community="BA-S1-C1", text="修水管", phone="13900001111"
    )
    assert secretary.has_perm("needs.see_request_phone", request)
    assert resident.has_perm("needs.see_request_phone", request)
    assert not other_secretary.has_perm("needs.see_request_phone", request)
    assert not member.has_perm("needs.see_request_phone", request)
