import pytest
from django.urls import reverse

from needs.models import Need

pytestmark = pytest.mark.django_db


def test_resident_posts_a_request_and_follows_it_from_home(client, resident, tree):
    client.force_login(resident)
    form = client.get(reverse("need-new")).content.decode()
    assert "我要点单" in form
    assert 'name="priority"' not in form
    response = client.post(
        reverse("need-new"),
        {
            "community": tree["C11"].pk,
            "title": "水龙头漏水想请师傅修",
            "description": "周末在家",
            "window_start": "2026-11-05",
            "window_end": "2026-11-30",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert need.source == Need.Source.RESIDENT
    assert need.status == Need.Status.OPEN
    home = client.get(reverse("home")).content.decode()
    assert "水龙头漏水想请师傅修" in home
    assert "待对接" in home


def test_resident_does_not_see_others_requests(client, resident, tree, secretary):
    from tests.factories import NeedFactory

    NeedFactory(code="N-X", title="别人的需求", community=tree["C11"], created_by=secretary)
    client.force_login(resident)
    assert "别人的需求" not in client.get(reverse("needs")).content.decode()
    assert client.get(reverse("need-page", args=["N-X"])).status_code == 404
