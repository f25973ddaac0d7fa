"""A write committed by another process (another server, a worker, a command) reaches
this process's index on its next request, without a restart and without a rebuild."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from matching import index as index_module
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)

WRITE = """
from django.contrib.auth import get_user_model
from partners.models import Partner
from partners.services import offering_create, partner_set_status
root = get_user_model().objects.get(username="root")
offering_create(actor=root, data={
    "code": "O-ELSEWHERE", "partner": "P-LAW", "title": "社区义诊测血压",
    "description": "为老人测血压", "category": "health_checkup", "modes": ["at_center"],
    "service_area": {"communities": ["BA-S1-C1"]}, "beneficiaries": ["elderly"],
    "capacity": 6,
})
partner_set_status(actor=root, partner=Partner.objects.get(code="P-CLINIC"), status="suspended")
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run_elsewhere(code: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env["DATABASE_URL"] = database_url()
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.django_db(transaction=True)
def test_writes_of_another_process_reach_this_index(
    district: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = UserFactory.create(username="root", is_superuser=True)
    client = client_for(root)
    run_elsewhere("from changes.log import record_change; record_change()")

    def proposed() -> list[str]:
        response = client.get(reverse("need-matches", args=["N-BP"]), {"limit": 50})
        return [m["offering"] for m in response.json()["matches"]]

    before = proposed()
    assert "O-HEALTH-S1" in before
    assert "O-ELSEWHERE" not in before
    monkeypatch.setattr(index_module, "build_index", lambda: pytest.fail("index rebuilt"))

    run_elsewhere(WRITE)

    after = proposed()
    assert "O-ELSEWHERE" in after
    assert "O-HEALTH-S1" not in after, "its partner was suspended"
