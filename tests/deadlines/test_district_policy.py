"""A district's promised times: validated, read by everyone signed in, changed by its
district administrators; a change says whether it applies to open items."""

from typing import Any

from django.test import Client
from django.urls import reverse

from needs import services
from needs.deadlines import DEFAULT_RULES, pick_rule
from needs.models import ResidentRequest
from tests.factories import PASSWORD

RULES = [
    {"applies_to": "request", "respond_days": 1, "complete_days": 5},
    {"applies_to": "need", "respond_days": 10, "complete_days": 30},
    {"applies_to": "need", "priority": "urgent", "respond_days": 1, "complete_days": 3},
    {
        "applies_to": "need",
        "source": "resident",
        "priority": "urgent",
        "respond_days": 1,
        "complete_days": 2,
    },
]


def test_the_most_specific_rule_wins() -> None:
    rules = [{"source": "", "priority": "", **r} for r in RULES]
    assert pick_rule(rules, "need", "survey", "urgent")["complete_days"] == 3
    assert pick_rule(rules, "need", "resident", "urgent")["complete_days"] == 2
    assert pick_rule(rules, "need", "resident", "normal")["complete_days"] == 30
    assert pick_rule(DEFAULT_RULES, "request")["respond_days"] == 2


def test_bad_rules_are_refused_naming_each_fault(
    district_admin: Any, client_for: Any, tree: Any
) -> None:
    url = reverse("deadline-policy", args=[tree["BA"].code])
    bad = [
        {"applies_to": "need", "respond_days": 0, "complete_days": 5},
        {"applies_to": "meeting", "respond_days": 3, "complete_days": 2},
    ]

    response = client_for(district_admin).put(url, {"rules": bad}, format="json")

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "rules[0].respond_days" in fields
    assert "rules[1].applies_to" in fields
    assert "rules[1].complete_days" in fields
    assert "rules" in fields  # no general request rule


def test_a_change_applies_to_new_items_unless_asked(
    district_admin: Any, secretary: Any, resident: Any, client_for: Any, tree: Any
) -> None:
    url = reverse("deadline-policy", args=[tree["BA"].code])
    before = services.request_post(
        actor=secretary, community=tree["C11"].code, text="路灯不亮", resident=resident.username
    )
    kept_until = before.respond_by
    assert kept_until is not None

    changed = client_for(district_admin).put(url, {"rules": RULES}, format="json")
    after = services.request_post(
        actor=secretary, community=tree["C11"].code, text="垃圾没人收", resident=resident.username
    )

    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["version"] == 1
    assert body["recounted"] == 0
    assert "此前已有的事项保留原时限" in body["change_note"]
    before.refresh_from_db()
    assert before.respond_by == kept_until
    assert before.policy_version == 0
    assert after.policy_version == 1
    assert after.respond_by is not None
    assert after.respond_by < kept_until

    recount = client_for(district_admin).put(
        url, {"rules": RULES, "apply_to_open": True}, format="json"
    )
    assert recount.json()["recounted"] == 2
    assert "已按新规则重算 2 项" in recount.json()["change_note"]
    assert set(ResidentRequest.objects.values_list("policy_version", flat=True)) == {2}


def test_secretaries_read_the_policy_and_may_not_change_it(
    secretary: Any, client_for: Any, tree: Any
) -> None:
    url = reverse("deadline-policy", args=[tree["BA"].code])

    read = client_for(secretary).get(url)
    changed = client_for(secretary).put(url, {"rules": RULES}, format="json")
    browser = Client()
    browser.login(username=secretary.username, password=PASSWORD)
    page = browser.get(reverse("deadlines")).content.decode()
    posted = browser.post(reverse("deadlines"), {"applies_to": ["need"], "respond_days": ["1"]})

    assert read.status_code == 200
    assert read.json()["rules"] == DEFAULT_RULES
    assert changed.status_code == 403
    assert 'name="respond_days"' not in page
    assert "居民点单" in page
    assert posted.status_code == 404


def test_the_page_saves_through_the_same_rules(district_admin: Any, tree: Any) -> None:
    browser = Client()
    browser.login(username=district_admin.username, password=PASSWORD)
    rows = {
        "district": tree["BA"].code,
        "applies_to": ["request", "need", "need"],
        "source": ["", "", ""],
        "priority": ["", "", "urgent"],
        "respond_days": ["3", "8", "x"],
        "complete_days": ["9", "20", "4"],
    }

    refused = browser.post(reverse("deadlines"), rows).content.decode()
    rows["respond_days"][2] = "1"
    saved = browser.post(reverse("deadlines"), rows)

    assert "whole working days" in refused or "应为 1 到" in refused
    assert saved.status_code == 302
    shown = browser.get(saved["Location"]).content.decode()
    assert 'value="8"' in shown
    assert "第 1 版" in shown
