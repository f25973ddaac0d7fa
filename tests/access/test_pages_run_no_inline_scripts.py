"""Every page carries the Content Security Policy, and none needs what it forbids:
no inline ``<script>`` bodies, no ``on…=`` event handler attributes, no scripts from
other sites. Pages are found from the URL configuration, so new pages are covered."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory, make_tree

pytestmark = pytest.mark.django_db

# Pages with no parameters in their path, outside the API (JSON) and the admin's
# many model pages (the admin is checked through its index and login).
SKIP_PREFIXES = ("api/v1/", "api/schema", "i18n/", "admin/")
EXTRA_PAGES = ["/admin/", "/admin/login/", "/admin/partners/partner/", "/admin/needs/need/"]


def _plain_paths(patterns: list[Any], prefix: str = "") -> list[str]:
    paths: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            paths += _plain_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "^" not in route:
            paths.append("/" + route)
    return paths


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, _ in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
        if tag == "script":
            src = named.get("src")
            kind = (named.get("type") or "").lower()
            if src and src.startswith(("http:", "https:", "//")):
                self.problems.append(f"script from another site: {src}")
            self._inline = not src and kind not in ("application/json", "application/ld+json")
        if tag == "a" and (named.get("href") or "").lower().startswith("javascript:"):
            self.problems.append("javascript: link")

    def handle_data(self, data: str) -> None:
        if self._inline and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inline = False


def _pages() -> list[str]:
    return sorted(set(_plain_paths(get_resolver().url_patterns) + EXTRA_PAGES))


@pytest.mark.parametrize("path", _pages())
def test_page_has_csp_and_no_inline_script(path: str) -> None:
    make_tree()
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    response = client.get(path, follow=True)
    if response.status_code == 405:
        pytest.skip(f"{path} takes only POST: not a page")
    if response.status_code == 404:
        pytest.skip(f"{path} is not for a platform superuser (residents' or area pages)")
    assert response.status_code == 200, path
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    if "html" in response.headers.get("Content-Type", ""):
        parser = _Scripts()
        parser.feed(response.content.decode())
        assert parser.problems == [], path


def test_policy_forbids_framing_and_plugins() -> None:
    response = Client().get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
