"""Mixed traffic against a running Jinlin (``benchmarks/load/run.py`` prepares the data,
starts gunicorn and runs this headless).

Administrators list needs, open one with its ranked matches, and dispatch a need to its
best match (create the project, then dispatch it); partners list the work dispatched to
them and accept it. ``JINLIN_LOAD_FIXTURE`` names the JSON file with the API tokens and
need codes; the run stops after ``max_requests`` requests (locust's ``--run-time``
bounds its length).
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, events, task
from locust.env import Environment

with open(os.environ["JINLIN_LOAD_FIXTURE"], encoding="utf-8") as _file:
    FIXTURE: dict[str, Any] = json.load(_file)

# Each need is dispatched once: a second project for the same pair is refused (409).
_to_dispatch: list[str] = list(FIXTURE["dispatch_needs"])
random.Random(7).shuffle(_to_dispatch)  # noqa: S311 - load mix, not secrets
_sent = {"requests": 0}
# accept and dispatch answer 409 when another member took the project first or the
# quarter's capacity is used up: answers the product gives on purpose, counted apart.
REFUSALS = {"accept": 0, "dispatch": 0}


@events.request.add_listener
def _count(**_: Any) -> None:
    _sent["requests"] += 1
    runner = _environment.runner if _environment else None
    if runner is not None and _sent["requests"] >= int(FIXTURE["max_requests"]):
        runner.quit()


_environment: Environment | None = None


@events.init.add_listener
def _keep(environment: Environment, **_: Any) -> None:
    global _environment  # locust hands the environment to a hook only
    _environment = environment


@events.quitting.add_listener
def _report(environment: Environment, **_: Any) -> None:
    print(
        f"answered 409 (taken already or capacity used up): accept {REFUSALS['accept']}, "
        f"dispatch {REFUSALS['dispatch']}"
    )


class Administrator(HttpUser):
    """A secretary or district administrator at work on the needs list."""

    weight = 4
    # People read a page before the next action: 2-8 s between actions.
    wait_time = between(2.0, 8.0)

    def on_start(self) -> None:
        token = random.choice(FIXTURE["admin_tokens"])  # noqa: S311 - load mix, not secrets
        self.client.headers["Authorization"] = f"Token {token}"

    @task(5)
    def list_needs(self) -> None:
        page = random.randint(1, 20)  # noqa: S311
        self.client.get(f"/api/v1/needs/?status=open&page={page}", name="/needs/ (list)")

    @task(4)
    def open_need_with_matches(self) -> None:
        code = random.choice(FIXTURE["need_codes"])  # noqa: S311
        self.client.get(f"/api/v1/needs/{code}/", name="/needs/{code}/")
        self.client.get(f"/api/v1/needs/{code}/matches/?limit=10", name="/needs/{code}/matches/")

    @task(1)
    def dispatch(self) -> None:
        if not _to_dispatch:
            return
        code = _to_dispatch.pop()
        answer = self.client.get(
            f"/api/v1/needs/{code}/matches/?limit=1", name="/needs/{code}/matches/"
        )
        matches = answer.json().get("matches", []) if answer.ok else []
        if not matches:
            return
        created = self.client.post(
            "/api/v1/projects/",
            json={"need": code, "offering": matches[0]["offering"], "quantity": 1},
            name="/projects/ (create)",
        )
        if created.status_code == 201:
            project = created.json()["id"]
            url = f"/api/v1/projects/{project}/dispatch/"
            with self.client.post(
                url, name="/projects/{id}/dispatch/", catch_response=True
            ) as sent:
                if sent.status_code == 409:
                    REFUSALS["dispatch"] += 1
                    sent.success()


class Partner(HttpUser):
    """A partner member answering the work dispatched to it."""

    weight = 1
    wait_time = between(2.0, 8.0)

    def on_start(self) -> None:
        token = random.choice(FIXTURE["partner_tokens"])  # noqa: S311
        self.client.headers["Authorization"] = f"Token {token}"

    @task
    def accept_dispatched(self) -> None:
        answer = self.client.get("/api/v1/projects/?status=dispatched", name="/projects/ (list)")
        rows = answer.json().get("results", []) if answer.ok else []
        if not rows:
            return
        with self.client.post(
            f"/api/v1/projects/{rows[0]['id']}/accept/",
            name="/projects/{id}/accept/",
            catch_response=True,
        ) as accepted:
            if accepted.status_code == 409:
                REFUSALS["accept"] += 1
                accepted.success()
