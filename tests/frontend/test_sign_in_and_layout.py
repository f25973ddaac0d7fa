import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_visitor_sees_welcome_with_sign_in_and_partner_application(client):
    body = client.get(reverse("home")).content.decode()
    assert reverse("login") in body
    assert reverse("partner-register") in body
    assert 'lang="zh-Hans"' in body


def test_layout_loads_vendored_htmx_and_no_cdn(client):
    body = client.get(reverse("login")).content.decode()
    assert "/static/frontend/htmx.min.js" in body
    assert "/static/frontend/jinlin.css" in body
    assert not re.search(r'src="https?://', body)


def test_wrong_password_is_refused_next_to_the_form_and_keeps_username(client, secretary):
    response = client.post(reverse("login"), {"username": secretary.username, "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名或密码不正确" in body
    assert f'value="{secretary.username}"' in body


def test_sign_in_lands_on_home_with_role_navigation(client, secretary):
    response = client.post(
        reverse("login"), {"username": secretary.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    body = response.content.decode()
    assert 'href="/needs/"' in body
    assert 'href="/meetings/"' in body


def test_sign_out_is_a_post_and_ends_the_session(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_english_switch_translates_the_layout(client, secretary):
    client.force_login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body
    assert "Needs" in body
    assert "Sign out" in body
