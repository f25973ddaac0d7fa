"""The reading evaluation builds the demo district without a database from the same
generator settings ``manage.py load_demo`` imports."""

from __future__ import annotations

from interchange import demo
from matching.engine.reading_evaluation import DEMO_DISTRICT


def test_the_evaluation_reads_the_district_load_demo_loads():
    assert DEMO_DISTRICT == {
        "partners": demo.DEMO_PARTNERS,
        "offerings": demo.DEMO_OFFERINGS,
        "needs": demo.DEMO_NEEDS,
        "seed": demo.DEMO_SEED,
        "prefix": demo.DEMO_PREFIX,
    }
