"""``manage.py allocate --format json`` prints the plan: assignments, unfilled needs
with their reasons, and the objective."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from needs.models import Project
from tests.allocation.conftest import QUARTER


def allocate_json(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("allocate", *args, "--format=json", stdout=out)
    return json.loads(out.getvalue())


def test_plan_has_the_documented_shape(district: Any) -> None:
    plan = allocate_json("--scope=BA", f"--quarter={QUARTER}")

    assert set(plan) == {"assignments", "unfilled", "objective"}
    assert plan["objective"] > 0
    for a in plan["assignments"]:
        assert {"need", "offering", "quantity", "score", "reasons"} <= set(a)
        assert a["reasons"], "every assignment says why"
    for u in plan["unfilled"]:
        assert {"need", "missing", "reason"} <= set(u)


def test_scarce_capacity_goes_to_the_urgent_need_first(district: Any) -> None:
    plan = allocate_json("--scope=BA", f"--quarter={QUARTER}")

    filled: dict[str, int] = {}
    for a in plan["assignments"]:
        filled[a["need"]] = filled.get(a["need"], 0) + a["quantity"]
    assert filled["N-BP-URGENT"] == 2
    assert filled["N-BP-NORMAL"] == 1
    assert filled["N-LAW"] == 1
    assert "N-LATER" not in filled
    assert sum(q for n, q in filled.items() if n.startswith("N-BP")) == 3


def test_unfilled_needs_say_why(district: Any) -> None:
    plan = allocate_json("--scope=BA", f"--quarter={QUARTER}")

    reasons = {u["need"]: (u["missing"], u["reason"]) for u in plan["unfilled"]}
    assert reasons == {
        "N-BP-NORMAL": (1, "capacity"),
        "N-BP-FAR": (1, "outside_area"),
        "N-HOOP": (1, "not_relevant"),
    }


def test_a_street_plans_only_its_own_needs(district: Any) -> None:
    plan = allocate_json("--scope=BA-S2", f"--quarter={QUARTER}")

    needs = {a["need"] for a in plan["assignments"]} | {u["need"] for u in plan["unfilled"]}
    assert needs == {"N-LAW", "N-BP-FAR", "N-HOOP"}


def test_without_commit_nothing_is_written(district: Any) -> None:
    allocate_json("--scope=BA", f"--quarter={QUARTER}")

    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope=NOPE", f"--quarter={QUARTER}"], "--scope"),
        (["--scope=BA-S1-C1-X1", f"--quarter={QUARTER}"], "--scope"),
        (["--scope=BA", "--quarter=2026Q5"], "--quarter"),
        (["--scope=BA", f"--quarter={QUARTER}", "--exclude=N-LAW"], "--exclude"),
    ],
)
def test_bad_arguments_are_named(district: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("allocate", *args, stdout=StringIO())
