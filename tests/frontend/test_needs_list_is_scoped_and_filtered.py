import pytest
from django.urls import reverse

from tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_secretary_sees_only_her_community_needs(client, secretary, tree):
    NeedFactory.create(code="N-MINE", title="我社区的需求", community=tree["C11"])
    NeedFactory.create(code="N-OTHER", title="别的社区的需求", community=tree["C21"])
    client.force_login(secretary)
    body = client.get(reverse("needs")).content.decode()
    assert "我社区的需求" in body
    assert "别的社区的需求" not in body


def test_search_and_status_filter_narrow_the_list(client, secretary, tree):
    NeedFactory.create(code="N-1", title="老人理发", community=tree["C11"], status="open")
    NeedFactory.create(code="N-2", title="老人助浴", community=tree["C11"], status="cancelled")
    NeedFactory.create(
        code="N-3", title="儿童托管", description="放学后", community=tree["C11"], status="open"
    )
    client.force_login(secretary)
    body = client.get(reverse("needs"), {"q": "老人", "status": "open"}).content.decode()
    assert "老人理发" in body
    assert "老人助浴" not in body
    assert "儿童托管" not in body


def test_htmx_request_gets_only_the_results(client, secretary, tree):
    NeedFactory.create(code="N-1", community=tree["C11"])
    client.force_login(secretary)
    response = client.get(reverse("needs"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert reverse("need-page", args=["N-1"]) in body


def test_list_query_count_does_not_grow_with_needs(
    client, secretary, tree, django_assert_max_num_queries
):
    for i in range(30):
        NeedFactory.create(code=f"N-{i:02d}", community=tree["C11"])
    client.force_login(secretary)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("needs")).status_code == 200
