"""A proposal for an offering commits while a dispatch of the same offering holds its
row and waits for the change log the proposal holds: both commit, neither deadlocks.
Real threads, each with its own PostgreSQL connection and transaction."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from changes.log import record_change
from needs import services
from needs.models import Project
from needs.services.projects import _lock_offering
from partners.models import Role
from tests.factories import NeedFactory, OfferingFactory, PartnerFactory, make_tree, user_with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_proposal_and_a_dispatch_of_one_offering_both_commit() -> None:
    tree = make_tree()
    offering = OfferingFactory.create(partner=PartnerFactory.create(community=tree["C12"]))
    need = NeedFactory.create(community=tree["C11"])
    admin = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    record_change(everything=True)  # the change log's row exists, as in any live district
    proposed = threading.Event()
    locked = threading.Event()
    outcomes: dict[str, str] = {}

    def propose() -> None:
        try:
            with transaction.atomic():
                actor: Any = type(admin).objects.get(pk=admin.pk)
                # Inserts a project referring to the offering and updates the change log.
                services.project_create(
                    actor=actor, need=need, offering=offering, quantity=1, status="proposed"
                )
                proposed.set()
                locked.wait(timeout=30)
                time.sleep(0.5)  # the dispatch is now waiting for the change log
            outcomes["propose"] = "committed"
        except Exception as exc:  # reported by the assertion below
            outcomes["propose"] = f"error: {exc!r}"
        finally:
            connection.close()

    def dispatch() -> None:
        try:
            proposed.wait(timeout=30)
            with transaction.atomic():
                _lock_offering(offering.pk)  # as a dispatch checks the offering's capacity
                locked.set()
                record_change(capacity=[offering.code])  # waits for the proposal to end
            outcomes["dispatch"] = "committed"
        except Exception as exc:
            outcomes["dispatch"] = f"error: {exc!r}"
        finally:
            locked.set()
            connection.close()

    threads = [threading.Thread(target=propose), threading.Thread(target=dispatch)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == {"propose": "committed", "dispatch": "committed"}
    assert Project.objects.filter(need=need, offering=offering).count() == 1
