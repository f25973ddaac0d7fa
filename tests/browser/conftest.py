"""Browser journeys: Playwright (sync API) driving the machine's Chromium against the
live test server. Skipped, with the reason, where /usr/bin/chromium is missing.

Every page opened is watched for console errors and uncaught exceptions; a journey
fails if any appear. Screenshots go to tests/browser/screenshots/ (not committed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from matching.index import forget_index
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The live server needs committed data, so each journey runs on a real transaction
    with the database's initial contents (the service standard its migrations load)
    restored first; every journey is marked ``browser`` (``-m "not browser"`` leaves
    them all out); without Chromium every journey is skipped, saying why."""
    skip = pytest.mark.skip(reason="browser journeys need Chromium at /usr/bin/chromium")
    journey = pytest.mark.django_db(transaction=True)
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(journey)
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("browser journeys need Chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # between browser steps are ordinary synchronous code. Allowed only while the browser
    # runs, so no other test (nor a subprocess it starts) inherits the permission.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def exact_label(page: Any, text: str) -> Any:
    """The field labelled exactly ``text`` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(text)}( \*)?$"))


class Session:
    """One signed-in (or anonymous) browser window, recording console errors."""

    def __init__(self, browser: Any, base_url: str, viewport: dict[str, int]) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(f"{self.page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))

    def go(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.go("/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录", exact=True).click()
        self.page.wait_for_url(self.base_url + "/")

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_session(
    browser: Any, live_server: Any, transactional_db: None
) -> Iterator[Callable[..., Session]]:
    """``open_session(viewport=DESKTOP)``: a new browser window on the live server. At
    the end, every window must have logged no console error."""
    forget_index()
    sessions: list[Session] = []

    def make(viewport: dict[str, int] | None = None) -> Session:
        session = Session(browser, live_server.url, viewport or DESKTOP)
        sessions.append(session)
        return session

    yield make
    errors = [e for s in sessions for e in s.errors]
    for s in sessions:
        s.close()
    forget_index()
    assert not errors, "console errors:\n" + "\n".join(errors)
