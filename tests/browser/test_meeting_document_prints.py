"""The printable meeting document's 打印 button prints, under the site's own CSP (no
inline handler, which the policy would block), and no template has inline handlers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from meetings import services as meeting_services
from partners.models import Role
from tests.browser.conftest import DESKTOP
from tests.factories import make_tree, user_with_role

ROOT = Path(__file__).resolve().parents[2]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_event_handler():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.glob("*/templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_HANDLER.search(line)
    ]
    assert found == []


def test_the_print_button_prints_the_meeting_document(open_session: Any) -> None:
    tree = make_tree()
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    meeting = meeting_services.meeting_schedule(
        actor=secretary,
        data={
            "community": "BA-S1-C1",
            "title": "第四季度党建联席会",
            "date": dt.date(2026, 12, 20),
        },
    )
    export = meeting_services.agenda_export(
        actor=secretary, meeting=meeting, document="agenda", fmt="html"
    )

    session = open_session(DESKTOP)
    session.sign_in(secretary.username)
    session.page.add_init_script(
        "window.__printed = 0; window.print = function () { window.__printed += 1; };"
    )
    page = session.go(f"/meetings/{meeting.code}/exports/{export.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("第四季度党建联席会")
    page.get_by_role("button", name="打印").click()
    page.wait_for_function("window.__printed === 1")
    session.shot("meeting-document-print")
