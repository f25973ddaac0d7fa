"""``manage.py evaluate_matching``: nDCG@10 and P@1 of the engine beside BM25, measured
on a region loaded into a scratch database, never the configured one."""

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

AREA_S1 = {"communities": ["E-S1"]}
REGION: dict[str, Any] = {
    "format": "jinlin-interchange/1",
    "communities": [
        {"code": "E", "name": "评测区", "level": "district", "parent": None},
        {"code": "E-S1", "name": "东街道", "level": "street", "parent": "E"},
        {"code": "E-S2", "name": "西街道", "level": "street", "parent": "E"},
        {
            "code": "E-S1-C1",
            "name": "东一社区",
            "level": "community",
            "parent": "E-S1",
            "lat": 22.6,
            "lng": 113.9,
        },
        {
            "code": "E-S2-C1",
            "name": "西一社区",
            "level": "community",
            "parent": "E-S2",
            "lat": 22.7,
            "lng": 113.8,
        },
    ],
    "partners": [
        {"code": "E-P1", "name": "东街社康", "kind": "unit", "community": "E-S1-C1"},
        {"code": "E-P2", "name": "西街社康", "kind": "unit", "community": "E-S2-C1"},
        {"code": "E-P3", "name": "评测律所", "kind": "unit", "community": "E-S2-C1"},
    ],
    "offerings": [
        {
            "code": "E-O-IN",
            "partner": "E-P1",
            "title": "长者义诊",
            "description": "为社区老人测血压、血糖",
            "category": "health_checkup",
            "modes": ["at_center"],
            "service_area": AREA_S1,
            "beneficiaries": ["elderly"],
            "capacity": 4,
        },
        {
            # The same words, but it serves the other street only.
            "code": "E-O-OUT",
            "partner": "E-P2",
            "title": "长者义诊 老人测血压",
            "description": "为社区老人测血压、血糖，老人测血压",
            "category": "health_checkup",
            "modes": ["at_center"],
            "service_area": {"communities": ["E-S2"]},
            "beneficiaries": ["elderly"],
            "capacity": 4,
        },
        {
            "code": "E-O-LAW",
            "partner": "E-P3",
            "title": "法律咨询",
            "description": "律师解答婚姻、继承、劳动纠纷",
            "category": "legal_aid",
            "modes": ["at_center", "online"],
            "service_area": {"communities": ["E"]},
            "beneficiaries": ["all"],
            "capacity": 10,
        },
    ],
    "meetings": [],
    "needs": [
        {
            "code": "E-N1",
            "community": "E-S1-C1",
            "title": "老人测血压",
            "description": "楼里老人想定期测血压",
            "modes": ["at_center"],
            "beneficiaries": ["elderly"],
            "window": {"start": "2026-10-01", "end": "2026-12-31"},
        },
        {
            "code": "E-N2",
            "community": "E-S2-C1",
            "title": "继承纠纷想咨询律师",
            "description": "居民因遗产继承起纠纷",
            "modes": ["at_center"],
            "beneficiaries": ["all"],
            "window": {"start": "2026-10-01", "end": "2026-12-31"},
        },
        {
            "code": "E-N3",
            "community": "E-S2-C1",
            "title": "小区需要篮球架",
            "modes": ["at_center"],
            "window": {"start": "2026-10-01", "end": "2026-12-31"},
        },
    ],
}
LABELS = {"E-N1": {"E-O-IN": 3, "E-O-OUT": 0}, "E-N2": {"E-O-LAW": 3}, "E-N3": {}}


def evaluate(region: Path, labels: Path) -> dict[str, tuple[float, float]]:
    out = StringIO()
    call_command("evaluate_matching", f"--region={region}", f"--labels={labels}", stdout=out)
    rows = {}
    for line in out.getvalue().splitlines():
        found = re.fullmatch(r"(engine|bm25|bm25 \+ hard rules)\s+([\d.]+)\s+([\d.]+)", line)
        if found:
            rows[found[1]] = (float(found[2]), float(found[3]))
    assert "needs with at least one graded offering" in out.getvalue()
    return rows


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    region, labels = tmp_path / "region.json", tmp_path / "labels.json"
    region.write_text(json.dumps(REGION, ensure_ascii=False), encoding="utf-8")
    labels.write_text(json.dumps(LABELS), encoding="utf-8")
    return region, labels


@pytest.mark.slow
def test_engine_and_baselines_are_measured_on_a_scratch_database(files: Any) -> None:
    rows = evaluate(*files)
    assert set(rows) == {"engine", "bm25", "bm25 + hard rules"}
    # Each need has one offering that serves it and that the hard rules keep.
    assert rows["engine"] == (1.0, 1.0)
    assert rows["bm25 + hard rules"] == (1.0, 1.0)
    assert not Community.objects.filter(code="E").exists(), "the configured database is untouched"


def test_labels_that_are_not_grades_are_refused(files: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"E-N1": {"E-O-IN": "good"}}), encoding="utf-8")
    with pytest.raises(CommandError, match="--labels .*E-N1: expected an object"):
        evaluate(files[0], bad)


def test_missing_region_is_named(files: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--region .*nowhere.json: no such file"):
        evaluate(tmp_path / "nowhere.json", files[1])


@pytest.mark.slow
@pytest.mark.skipif(not (DEV / "labels.json").is_file(), reason=f"no labelled data at {DEV}")
def test_dev_district_is_measured() -> None:
    rows = evaluate(DEV / "region.json", DEV / "labels.json")
    assert set(rows) == {"engine", "bm25", "bm25 + hard rules"}
    for ndcg, p1 in rows.values():
        assert 0.0 <= ndcg <= 1.0
        assert 0.0 <= p1 <= 1.0
    # Hard rules only ever remove offerings that cannot serve the need (grade 0).
    assert rows["bm25 + hard rules"][0] >= rows["bm25"][0]
