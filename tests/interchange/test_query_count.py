"""Import cost in queries does not grow with the number of records."""

from typing import Any

import pytest

from interchange.importer import import_document
from tests.interchange.conftest import minimal_doc

pytestmark = pytest.mark.django_db

# Validation, reading the stored rows, writing each kind and its tags: a fixed budget for
# any document that fits in one insert batch (larger ones add a query per batch).
QUERY_BUDGET = 45


def _doc(n: int) -> dict[str, Any]:
    doc = minimal_doc()
    offering, need = doc["offerings"][0], doc["needs"][0]
    doc["offerings"] = [dict(offering, code=f"T-O{i}", tags=[f"标签{i}"]) for i in range(n)]
    doc["needs"] = [dict(need, code=f"T-N{i}", tags=["血压"]) for i in range(n)]
    doc["partners"] += [dict(doc["partners"][0], code=f"T-P{i + 2}") for i in range(n)]
    return doc


@pytest.mark.parametrize("size", [5, 50])
def test_first_import_takes_a_bounded_number_of_queries(
    size: int, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(QUERY_BUDGET):
        import_document(_doc(size))


@pytest.mark.parametrize("size", [5, 50])
def test_updating_import_takes_a_bounded_number_of_queries(
    size: int, django_assert_max_num_queries: Any
) -> None:
    import_document(_doc(size))
    changed = _doc(size)
    for record in changed["offerings"] + changed["needs"] + changed["partners"]:
        record["title" if "title" in record else "name"] += "（新）"
        record["tags"] = ["换了"]

    with django_assert_max_num_queries(QUERY_BUDGET):
        report = import_document(changed)

    assert report.offerings.updated == size
