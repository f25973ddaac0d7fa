"""Schemathesis fuzzes every operation of the OpenAPI schema, signed in as a superuser
(who sees and may try everything) over a small district: no answer is a server error,
and every answer matches the schema (status code, content type, body, headers).

Bounded so it runs with the suite: ``FUZZ_EXAMPLES`` examples per operation (default
3), no deadline per example. Run it alone, with the count printed, by
``pytest tests/access/test_api_fuzz.py -s``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from partners.models import Role
from tests.factories import (
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    ProjectFactory,
    UserFactory,
    make_tree,
    user_with_role,
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))


@schemathesis.check
def invalid_body_or_path_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schema-violating data is refused, except in list filters, where a blank or
    unrecognised value means "no filter" (django-filter's convention)."""
    if case.method.upper() == "GET":
        return None
    return checks.negative_data_rejection(ctx, response, case)


# Schema-valid requests may still break a domain rule (an unknown code, a full
# capacity), so "positive data accepted" is not asked; everything else is.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    invalid_body_or_path_rejected,
]
CASES = {"run": 0}


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The schema, read from the app itself. Requests go straight to the WSGI app, so
    the connection-closing signal handlers are held off as Django's test client does:
    the test's transaction must survive each request."""
    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: None) -> Iterator[str]:
    tree = make_tree()
    partner = PartnerFactory.create(code="P-A", community=tree["C11"])
    offering = OfferingFactory.create(code="O-A", partner=partner)
    need = NeedFactory.create(code="N-A", community=tree["C11"])
    MeetingFactory.create(code="M-A", community=tree["C11"]).attendees.add(partner)
    ProjectFactory.create(need=need, offering=offering)
    user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    admin = UserFactory.create(username="fuzzer", is_superuser=True, is_staff=True)
    yield Token.objects.create(user=admin).key
    print(f"\nschemathesis: {CASES['run']} cases run")


# Erasing one's own data signs the fuzzing user out for good: tested on its own.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path="/api/v1/me/erase/")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_without_server_errors_and_as_documented(case: Any, token: str) -> None:
    CASES["run"] += 1
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


# --- Hostile values every operation must refuse without a server error --------------------
# Generated data seldom reaches these: a body nested a thousand levels deep (Python's JSON
# parser recursed past its limit), a NUL in any string (PostgreSQL refuses it even in a
# lookup) and dates and quarters at the calendar's edges (9999-12-31 has no next day).
DEEP = "[" * 1000 + "]" * 1000
PATH_VALUES = {
    "meetings": "M-A",
    "needs": "N-A",
    "offerings": "O-A",
    "partners": "P-A",
    "communities": "BA-S1-C1",
    "categories": "rehab",
    "beneficiary-groups": "elderly",
    "delivery-modes": "online",
}


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in node:
        return _resolve(spec, node["allOf"][0])
    return node


def _hostile(spec: dict[str, Any], node: dict[str, Any], depth: int = 0) -> Any:
    """A value of ``node``'s shape holding NUL in every string and 9999-12-31 in every
    date; ``None`` for what has no string inside."""
    node = _resolve(spec, node)
    if node.get("type") == "string":
        return {"date": "9999-12-31", "date-time": "9999-12-31T23:59:59Z"}.get(
            node.get("format", ""), "a\x00b"
        )
    if node.get("type") == "array" and depth < 3:
        item = _hostile(spec, node.get("items", {}), depth + 1)
        return None if item is None else [item]
    if node.get("type") == "object" or "properties" in node:
        body = {
            name: value
            for name, prop in node.get("properties", {}).items()
            if not prop.get("readOnly") and depth < 3
            for value in [_hostile(spec, prop, depth + 1)]
            if value is not None
        }
        return body or None
    return None


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for template, item in spec["paths"].items():
        if template == "/api/v1/me/erase/":
            continue
        path = template
        for name in ("code", "id", "item_id", "export_id"):
            value = PATH_VALUES.get(template.split("/")[3], "1") if name == "code" else "1"
            path = path.replace("{" + name + "}", value)
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch"):
                yield method, path, operation


def test_hostile_values_answer_4xx_on_every_operation(token: str) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    spec = client.get("/api/schema/?format=json").json()
    failures: list[str] = []
    sent = 0
    for method, path, operation in _operations(spec):
        requests: list[tuple[str, Any]] = []
        if method == "get":
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                fmt = _resolve(spec, parameter.get("schema", {})).get("format")
                edge = "9999-12-31" if fmt == "date" else "9999Q4"
                requests += [("query", {parameter["name"]: "a\x00b"})]
                requests += [("query", {parameter["name"]: edge})]
            requests.append(("query", {"quarter": "0001Q1", "scope": "\x00"}))
        else:
            requests.append(("raw", DEEP))
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _hostile(spec, content["application/json"]["schema"])
                requests.append(("json", body if body is not None else {}))
        for kind, payload in requests:
            sent += 1
            if kind == "query":
                response = client.get(path, payload)
            else:
                data = payload if kind == "raw" else json.dumps(payload)
                response = getattr(client, method)(path, data, content_type="application/json")
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path} {kind} {payload!r:.80}: {response}")
    print(f"\nhostile values: {sent} requests")
    assert not failures, "\n".join(failures)
