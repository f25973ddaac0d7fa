"""The index of a data version is built once per machine and saved as a snapshot; a
process without an index opens it (memory-mapped) instead of building, brings it up to
date from the change log, rebuilds when it is corrupt, and only the newest are kept.
A second process, its own interpreter, opens the same files."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from changes.log import record_change
from matching import index as index_module
from matching.index import current_index, forget_index, index_state
from matching.selectors import matches_for_many
from needs.models import Need
from partners.services import offering_create
from tests.factories import UserFactory

from .test_index_follows_other_processes import database_url


@pytest.fixture
def snapshots(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    settings.INDEX_SNAPSHOT_DIR = root
    return root


def _saved(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "build_index", lambda: pytest.fail("index built again"))


def _proposed(client: Any, need: str = "N-BP") -> list[str]:
    response = client.get(reverse("need-matches", args=[need]), {"limit": 50})
    assert response.status_code == 200
    return [m["offering"] for m in response.json()["matches"]]


@pytest.mark.django_db
def test_a_process_without_an_index_opens_the_saved_one(
    district: Any, snapshots: Path, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_change(everything=True)
    client = client_for(UserFactory.create(is_superuser=True))
    built = _proposed(client)
    epoch, version = index_state()
    assert _saved(snapshots) == [index_module.snapshot_name(epoch, version, _quarter())]

    forget_index()  # as a process that starts now
    _no_build(monkeypatch)
    assert _proposed(client) == built
    assert current_index().parts().arrays["capacity_left"].flags.writeable is False


@pytest.mark.django_db
def test_changes_after_the_snapshot_are_applied_on_opening(
    district: Any, snapshots: Path, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_change(everything=True)
    root = UserFactory.create(is_superuser=True)
    client = client_for(root)
    assert "O-NEW-CHECK" not in _proposed(client)
    offering_create(
        actor=root,
        data={
            "code": "O-NEW-CHECK",
            "partner": "P-LAW",
            "title": "社区义诊测血压",
            "description": "为老人测血压",
            "category": "health_checkup",
            "modes": ["at_center"],
            "service_area": {"communities": ["BA-S1-C1"]},
            "beneficiaries": ["elderly"],
            "capacity": 6,
        },
    )
    forget_index()
    _no_build(monkeypatch)
    assert "O-NEW-CHECK" in _proposed(client)
    assert len(_saved(snapshots)) == 1, "the change is applied, not saved again"


@pytest.mark.django_db
def test_a_corrupt_snapshot_is_deleted_and_built_again(
    district: Any,
    snapshots: Path,
    client_for: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    record_change(everything=True)
    client = client_for(UserFactory.create(is_superuser=True))
    built = _proposed(client)
    (name,) = _saved(snapshots)
    vectors = snapshots / name / "offerings.vectors.data.npy"
    data = bytearray(vectors.read_bytes())
    data[-3] ^= 0x55
    vectors.write_bytes(bytes(data))

    forget_index()
    builds: list[int] = []
    build = index_module.build_index

    def counted() -> Any:
        builds.append(1)
        return build()

    monkeypatch.setattr(index_module, "build_index", counted)
    with caplog.at_level(logging.WARNING, logger="matching.index"):
        assert _proposed(client) == built
    assert builds == [1]
    assert "does not match its checksum" in caplog.text
    assert _saved(snapshots) == [name]
    forget_index()
    _no_build(monkeypatch)
    assert _proposed(client) == built, "the rebuilt snapshot is sound"


@pytest.mark.django_db
def test_a_rebuild_after_a_bulk_change_saves_a_new_snapshot_and_keeps_the_newest(
    district: Any, snapshots: Path
) -> None:
    names = []
    for _ in range(index_module.SNAPSHOTS_KEPT + 2):
        record_change(everything=True)
        current_index()
        epoch, version = index_state()
        names.append(index_module.snapshot_name(epoch, version, _quarter()))
    assert _saved(snapshots) == sorted(names[-index_module.SNAPSHOTS_KEPT :])


@pytest.mark.django_db
def test_without_a_recorded_change_nothing_is_saved(district: Any, snapshots: Path) -> None:
    current_index()
    assert not snapshots.exists() or _saved(snapshots) == []


def _quarter() -> Any:
    from matching import facts

    return facts.current_quarter()


OPEN_ELSEWHERE = """
import io
import json
from matching import index
from matching.engine import text
from matching.selectors import matches_for_many
from needs.models import Need
index.build_index = lambda: (_ for _ in ()).throw(SystemExit("index built again"))
idx = index.current_index()
needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
ranked = [[m.offering for m in r.matches] for r in matches_for_many(needs=needs, limit=5)]
cut_without_dictionary = not text.loaded()
need = idx.read("老人想测血压")
with open("/proc/self/maps") as maps:
    mapped = sorted({line.split()[-1] for line in maps if "ROOT" in line})
print(json.dumps({
    "offerings": list(idx.offering_codes),
    "mapped": mapped,
    "ranked": ranked,
    "cut_without_dictionary": cut_without_dictionary,
}))
"""


@pytest.mark.django_db(transaction=True)
def test_another_process_maps_the_same_snapshot(
    district: Any, snapshots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_change(everything=True)
    here = current_index()
    (name,) = _saved(snapshots)
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env.update(DATABASE_URL=database_url(), INDEX_SNAPSHOT_DIR=str(snapshots))
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "shell",
            "-c",
            OPEN_ELSEWHERE.replace("ROOT", str(snapshots)),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["offerings"] == list(here.offering_codes)
    assert str(snapshots / name / "offerings.vectors.data.npy") in seen["mapped"]
    assert str(snapshots / name / "offerings.categories.npy") in seen["mapped"]
    # The open needs' clauses were saved cut: that process ranked them as this one
    # does without loading the segmenter's dictionary.
    needs = Need.objects.filter(status=Need.Status.OPEN).order_by("code")
    here_ranked = [[m.offering for m in r.matches] for r in matches_for_many(needs=needs, limit=5)]
    assert seen["ranked"] == here_ranked
    assert any(seen["ranked"])
    assert seen["cut_without_dictionary"] is True


@pytest.mark.django_db
def test_the_task_saves_the_version_a_process_brought_its_index_to(
    district: Any, snapshots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matching.tasks import save_index_snapshot

    record_change(everything=True)
    current_index()
    root = UserFactory.create(is_superuser=True)
    offering_create(
        actor=root,
        data={
            "code": "O-LATER",
            "partner": "P-LAW",
            "title": "上门修水管",
            "category": "home_repair",
            "modes": ["home_visit"],
            "service_area": {"communities": ["BA-S1-C1"]},
            "capacity": 2,
        },
    )
    epoch, version = index_state()
    name = save_index_snapshot.delay().get()
    assert name == index_module.snapshot_name(epoch, version, _quarter())
    assert name in _saved(snapshots)

    forget_index()
    _no_build(monkeypatch)
    monkeypatch.setattr(index_module, "_apply", lambda *a: pytest.fail("changes applied again"))
    assert "O-LATER" in current_index().offering_codes


@pytest.mark.django_db
def test_the_command_saves_and_lists_snapshots(district: Any, snapshots: Path) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Nothing recorded yet"):
        call_command("index_snapshot")
    record_change(everything=True)
    out = io.StringIO()
    call_command("index_snapshot", stdout=out)
    (name,) = _saved(snapshots)
    assert name in out.getvalue()
    (snapshots / name / "facts.json").write_text("{}", encoding="utf-8")
    out = io.StringIO()
    call_command("index_snapshot", "--list", stdout=out)
    assert f"{name}" in out.getvalue()
    assert "corrupt: " in out.getvalue()
    assert "facts.json has 2 bytes" in out.getvalue()


def test_the_command_says_when_snapshots_are_off(settings: Any) -> None:
    from django.core.management import CommandError, call_command

    settings.INDEX_SNAPSHOT_DIR = None
    with pytest.raises(CommandError, match="INDEX_SNAPSHOT_DIR is empty"):
        call_command("index_snapshot")


@pytest.mark.django_db
def test_a_folder_that_cannot_be_written_costs_a_build_not_the_site(
    district: Any,
    settings: Any,
    tmp_path: Path,
    client_for: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    settings.INDEX_SNAPSHOT_DIR = blocker / "index"
    record_change(everything=True)
    client = client_for(UserFactory.create(is_superuser=True))
    with caplog.at_level(logging.WARNING, logger="matching.index"):
        assert "O-HEALTH-S1" in _proposed(client)
    assert "snapshots unavailable" in caplog.text
