import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_points_to_admin_and_api_docs(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("admin:index") in body
    assert "/api/docs/" in body
    assert "近邻" in body
