import pytest
from django.urls import reverse

from needs.models import Need, ResidentRequest

pytestmark = pytest.mark.django_db


def _post_request(client, resident, tree, text="水龙头漏水想请师傅修"):
    client.force_login(resident)
    return client.post(
        reverse("request-new"),
        {"community": tree["C11"].pk, "text": text, "phone": "13900002222", "consent": "on"},
    )


def test_resident_asking_for_the_need_form_gets_the_request_form(client, resident):
    client.force_login(resident)
    response = client.get(reverse("need-new"))
    assert response["Location"] == reverse("request-new")


def test_secretary_turns_a_request_into_a_need_the_resident_sees(client, resident, secretary, tree):
    assert _post_request(client, resident, tree).status_code == 302
    item = ResidentRequest.objects.get()
    client.force_login(secretary)
    queue = client.get(reverse("requests")).content.decode()
    assert "水龙头漏水想请师傅修" in queue
    assert "13900002222" in queue
    form = client.get(reverse("request-to-need", args=[item.pk])).content.decode()
    assert 'value="水龙头漏水想请师傅修"' in form
    response = client.post(
        reverse("request-to-need", args=[item.pk]),
        {
            "community": tree["C11"].pk,
            "title": "上门修水龙头",
            "description": item.text,
            "category": "home_repair",
            "modes": ["home_visit"],
            "quantity": "1",
            "window_start": "2026-11-02",
            "window_end": "2026-12-31",
            "priority": "normal",
        },
    )
    need = Need.objects.get()
    assert response["Location"] == reverse("need-page", args=[need.code])
    assert need.request == item
    client.force_login(resident)
    home = client.get(reverse("home")).content.decode()
    assert "社区正在为您联系合适的服务方" in home  # what became of it, in plain words
    assert reverse("need-page", args=[need.code]) in home


def test_a_declined_request_shows_the_reason_to_the_resident(client, resident, secretary, tree):
    _post_request(client, resident, tree)
    item = ResidentRequest.objects.get()
    client.force_login(secretary)
    client.post(reverse("request-answer", args=[item.pk]), {"reason": "请联系物业处理"})
    client.force_login(resident)
    assert "请联系物业处理" in client.get(reverse("home")).content.decode()


def test_an_empty_request_is_refused_beside_the_text(client, resident, tree):
    response = _post_request(client, resident, tree, text="")
    assert 'id="id_text_errors"' in response.content.decode()
    assert not ResidentRequest.objects.exists()


def test_resident_does_not_see_others_needs(client, resident, tree, secretary):
    from tests.factories import NeedFactory

    NeedFactory.create(code="N-X", title="别人的需求", community=tree["C11"], created_by=secretary)
    client.force_login(resident)
    assert "别人的需求" not in client.get(reverse("needs")).content.decode()
    assert client.get(reverse("need-page", args=["N-X"])).status_code == 404


def test_other_community_secretary_cannot_convert(client, resident, other_secretary, tree):
    _post_request(client, resident, tree)
    item = ResidentRequest.objects.get()
    client.force_login(other_secretary)
    assert client.get(reverse("request-to-need", args=[item.pk])).status_code == 404
