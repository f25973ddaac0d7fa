"""``manage.py evaluate_allocation``: the plan's graded value beside the best value the
same capacities allow, measured on a region loaded into a scratch database."""

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from partners.models import Community

pytestmark = pytest.mark.django_db

DEV = Path("/work/shared/data/dev")
WINDOW = {"start": "2026-10-01", "end": "2026-12-31"}


def _offering(code: str, partner: str, category: str, title: str, capacity: int) -> dict[str, Any]:
    return {
        "code": code,
        "partner": partner,
        "title": title,
        "description": title,
        "category": category,
        "modes": ["at_center"],
        "service_area": {"communities": ["E"]},
        "beneficiaries": ["all"],
        "capacity": capacity,
    }


def _need(code: str, title: str, category: str | None, quantity: int) -> dict[str, Any]:
    return {
        "code": code,
        "community": "E-S1-C1",
        "title": title,
        "description": title,
        "category": category,
        "modes": ["at_center"],
        "beneficiaries": ["all"],
        "quantity": quantity,
        "window": WINDOW,
    }


# Health checks: 3 units asked, 2 offered; legal aid: 1 asked, 3 offered; a basketball
# hoop nobody offers. The best plan: 2 health units at grade 3, 1 legal unit at grade 3.
REGION: dict[str, Any] = {
    "format": "jinlin-interchange/1",
    "communities": [
        {"code": "E", "name": "评测区", "level": "district", "parent": None},
        {"code": "E-S1", "name": "东街道", "level": "street", "parent": "E"},
        {
            "code": "E-S1-C1",
            "name": "东一社区",
            "level": "community",
            "parent": "E-S1",
            "lat": 22.6,
            "lng": 113.9,
        },
    ],
    "partners": [
        {"code": "E-P1", "name": "东街社康", "kind": "unit", "community": "E-S1-C1"},
        {"code": "E-P2", "name": "评测律所", "kind": "unit", "community": "E-S1-C1"},
    ],
    "offerings": [
        _offering("E-O-HEALTH", "E-P1", "health_checkup", "长者义诊 测血压 测血糖", 2),
        _offering("E-O-LAW", "E-P2", "legal_aid", "律师法律咨询 继承纠纷", 3),
    ],
    "meetings": [],
    "needs": [
        _need("E-N1", "老人想测血压", "health_checkup", 3),
        _need("E-N2", "继承纠纷想咨询律师", "legal_aid", 1),
        _need("E-N3", "小区需要篮球架", None, 1),
    ],
}
LABELS = {"E-N1": {"E-O-HEALTH": 3}, "E-N2": {"E-O-LAW": 3}, "E-N3": {}}
BEST = 2 * 3 + 1 * 3


def evaluate(region: Path, labels: Path, *extra: str) -> dict[str, tuple[float, float]]:
    out = StringIO()
    call_command(
        "evaluate_allocation",
        f"--region={region}",
        f"--labels={labels}",
        "--quarter=2026Q4",
        *extra,
        stdout=out,
    )
    rows = {}
    for line in out.getvalue().splitlines():
        found = re.fullmatch(
            r"(graded value|priority-weighted value).*?\s+([\d.]+)\s+([\d.]+)\s+\S+", line
        )
        if found:
            rows[found[1]] = (float(found[2]), float(found[3]))
    return rows


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    region, labels = tmp_path / "region.json", tmp_path / "labels.json"
    region.write_text(json.dumps(REGION, ensure_ascii=False), encoding="utf-8")
    labels.write_text(json.dumps(LABELS), encoding="utf-8")
    return region, labels


@pytest.mark.slow
def test_best_value_is_the_known_optimum_and_the_plan_reaches_it(files: Any) -> None:
    rows = evaluate(*files)

    assert rows["graded value"] == (BEST, BEST)


@pytest.mark.slow
def test_scaling_capacity_down_lowers_the_best_value(files: Any) -> None:
    # Half of every capacity: 1 health unit, 1 legal unit.
    rows = evaluate(*files, "--capacity-scale=0.5")

    assert rows["graded value"][1] == 3 + 3


@pytest.mark.slow
def test_configured_database_is_untouched(files: Any) -> None:
    evaluate(*files)

    assert not Community.objects.filter(code="E").exists()


def test_bad_quarter_is_named(files: Any) -> None:
    with pytest.raises(CommandError, match="--quarter"):
        call_command(
            "evaluate_allocation",
            f"--region={files[0]}",
            f"--labels={files[1]}",
            "--quarter=Q4",
            stdout=StringIO(),
        )


@pytest.mark.slow
@pytest.mark.skipif(not (DEV / "region.json").is_file(), reason="development data not present")
def test_development_district_plan_reaches_ninety_percent_of_the_best() -> None:
    rows = evaluate(DEV / "region.json", DEV / "labels.json")

    plan, best = rows["graded value"]
    assert best > 0
    assert plan / best >= 0.9
