"""``manage.py allocate --commit`` turns the plan into proposed projects of the quarter."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from needs.models import Project
from tests.allocation.conftest import QUARTER


def test_commit_creates_one_proposed_project_per_assignment(district: Any, superuser: Any) -> None:
    out = StringIO()
    call_command(
        "allocate", "--scope=BA", f"--quarter={QUARTER}", "--format=json", "--commit", stdout=out
    )
    plan = json.loads(out.getvalue())

    rows = set(
        Project.objects.values_list("need__code", "offering__code", "quantity", "status", "quarter")
    )
    expected = {
        (a["need"], a["offering"], a["quantity"], "proposed", QUARTER) for a in plan["assignments"]
    }
    assert rows == expected
    assert sorted(plan["projects"]) == sorted(Project.objects.values_list("id", flat=True))
    assert list(plan) == ["assignments", "unfilled", "objective", "projects"]
    assert Project.objects.filter(created_by=superuser).count() == len(expected)


def test_commit_as_a_secretary_of_another_area_is_refused_and_writes_nothing(
    district: Any,
) -> None:
    from partners.models import Role
    from tests.factories import user_with_role

    outsider = user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C21"])
    with pytest.raises(CommandError, match="--commit"):
        call_command(
            "allocate",
            "--scope=BA",
            f"--quarter={QUARTER}",
            "--commit",
            f"--user={outsider.username}",
            stdout=StringIO(),
        )

    assert not Project.objects.exists()


def test_running_again_after_commit_proposes_nothing_new(district: Any, superuser: Any) -> None:
    call_command("allocate", "--scope=BA", f"--quarter={QUARTER}", "--commit", stdout=StringIO())
    before = Project.objects.count()

    out = StringIO()
    call_command(
        "allocate", "--scope=BA", f"--quarter={QUARTER}", "--format=json", "--commit", stdout=out
    )
    again = json.loads(out.getvalue())

    assert Project.objects.count() == before
    assert again["projects"] == []
    assert all(a["kept"] for a in again["assignments"])
