"""On SQLite, concurrent writers queue for the lock instead of failing."""

import threading

import pytest
from django.db import connection, connections, transaction

from partners.models import Community


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_modify_write_transactions_all_succeed():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific: PostgreSQL has row locks")
    Community.objects.create(code="BA", name="0", level="district")
    errors: list[Exception] = []

    def bump() -> None:
        try:
            for _ in range(10):
                # Read then write in one transaction: with a deferred transaction two
                # writers would both hold read locks and one would fail to upgrade.
                with transaction.atomic():
                    row = Community.objects.get(code="BA")
                    row.name = str(int(row.name) + 1)
                    row.save(update_fields=["name"])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Community.objects.get(code="BA").name == "40"
