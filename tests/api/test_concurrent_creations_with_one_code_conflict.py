"""Concurrent creations under one code: one row is created and every other writer is told
of the conflict (409 in the error shape), none gets a server error. Real threads, each
with its own PostgreSQL connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from needs.models import Need
from partners.models import Role
from tests.api.test_need_writes import BODY
from tests.factories import make_tree, user_with_role

WRITERS = 25

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_25_concurrent_creations_under_one_code_make_one_need_and_24_conflicts() -> None:
    tree = make_tree()
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    start = threading.Barrier(WRITERS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def create() -> None:
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(user=secretary)
        try:
            start.wait()
            response = client.post(reverse("need-list"), {**BODY, "code": "N-RACE"}, format="json")
            code = response.json()["error"]["code"] if response.status_code >= 400 else ""
            answer = (response.status_code, code)
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=create) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    created = [a for a in answers if a[0] == 201]
    refused = [a for a in answers if a[0] != 201]
    assert len(created) == 1
    assert set(refused) <= {(409, "conflict"), (400, "invalid")}  # raced, or saw the row
    assert len(answers) == WRITERS
    assert Need.objects.filter(code="N-RACE").count() == 1
