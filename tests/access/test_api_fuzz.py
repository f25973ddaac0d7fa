"""Schemathesis fuzzes every operation of the OpenAPI schema, signed in as a superuser
(who sees and may try everything) over a small district: no answer is a server error,
and every answer matches the schema (status code, content type, body, headers).

Bounded so it runs with the suite: ``FUZZ_EXAMPLES`` examples per operation (default
3), no deadline per example. Run it alone, with the count printed, by
``pytest tests/access/test_api_fuzz.py -s``.
"""

from __future__ import annotations

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
    partner = PartnerFactory(code="P-A", community=tree["C11"])
    offering = OfferingFactory(code="O-A", partner=partner)
    need = NeedFactory(code="N-A", community=tree["C11"])
    MeetingFactory(code="M-A", community=tree["C11"]).attendees.add(partner)
    ProjectFactory(need=need, offering=offering)
    user_with_role(Role.Kind.RESIDENT, community=tree["C11"])
    admin = UserFactory(username="fuzzer", is_superuser=True, is_staff=True)
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
