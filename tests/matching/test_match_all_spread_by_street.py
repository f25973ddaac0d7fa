"""Every open need's suggestions ranked street by street (``match --all --spread``) are
what the single process writes, need for need and line for line, needs under no street
included; in-process here, on two real workers in ``tests/production``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interchange.importer import import_document
from needs.models import Need
from partners.models import Community
from synthetic import generate_region
from tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def _match(*extra: str) -> str:
    out = StringIO()
    call_command("match", "--all", "--format", "jsonl", "--limit", "5", *extra, stdout=out)
    return out.getvalue()


def spread_district() -> str:
    """A generated district with one open need in a community directly under the
    district (no street); the code of that need."""
    import_document(generate_region(offerings=300, needs=120, seed=5))
    district = Community.objects.get(level=Community.Level.DISTRICT)
    lone = Community.objects.create(
        code="GEN-LONE", name="直属社区", level=Community.Level.COMMUNITY, parent=district
    )
    NeedFactory.create(code="GEN-N-LONE", community=lone, status=Need.Status.OPEN)
    return "GEN-N-LONE"


def test_spread_by_street_writes_what_one_process_writes() -> None:
    lone = spread_district()
    alone = _match()
    spread = _match("--spread")
    assert spread == alone
    records = [json.loads(line) for line in spread.splitlines()]
    assert len(records) == Need.objects.filter(status=Need.Status.OPEN).count() > 100
    assert lone in {r["need"] for r in records}
    assert sum(len(r["matches"]) for r in records) > 0


@pytest.mark.parametrize(
    "args",
    [
        ["--need", "N-1", "--spread"],
        ["--all", "--format", "jsonl", "--scope", "GEN", "--spread"],
        ["--all", "--format", "table", "--spread"],
    ],
)
def test_spread_asks_for_every_need_as_json_lines(args: list[str]) -> None:
    with pytest.raises(CommandError, match="--spread goes with --all and --format jsonl"):
        call_command("match", *args, stdout=StringIO())
