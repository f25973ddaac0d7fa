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


def test_the_printed_plan_is_exactly_the_payloads_json(district: Any) -> None:
    from matching.allocation import allocation_plan, plan_payload
    from matching.engine.quarters import Quarter
    from partners.models import Community

    out = StringIO()
    call_command("allocate", "--scope=BA", f"--quarter={QUARTER}", "--format=json", stdout=out)
    plan = allocation_plan(scope=Community.objects.get(code="BA"), quarter=Quarter.parse(QUARTER))
    assert plan.assignments
    assert plan.unfilled
    assert out.getvalue().rstrip("\n") == json.dumps(plan_payload(plan), ensure_ascii=False)


def test_a_plans_json_escapes_any_characters_as_json_does() -> None:
    from matching.allocation import plan_json, plan_payload
    from matching.engine.allocation import Assignment, Plan, Unfilled
    from matching.engine.types import Reason

    odd = Reason('quote"back\\slash', "换行\n制表\t😀", "bell\x07 </script>", 0.1 + 0.2)
    plain = Reason("category", "同类服务", "Same service", 0.49)
    plan = Plan(
        assignments=(
            Assignment('N-"1"\u2028', "O-空", "P-\\b", 2, 0.1234567, (plain, odd, plain)),
            Assignment("N-2", "O-\x00", "P-2", 1, float("nan"), (), kept=True),
        ),
        unfilled=(Unfilled("N-3", 1, "capacity", '名额"用完"', "capacity\nexhausted"),),
        objective=1 / 3,
        cost=-3,
        solver="ortools",
    )
    for _ in range(2):  # the second time, every reason is one met before
        assert plan_json(plan) == json.dumps(plan_payload(plan), ensure_ascii=False)
    empty = Plan(assignments=(), unfilled=(), objective=0.0, cost=0, solver="networkx")
    assert plan_json(empty) == json.dumps(plan_payload(empty), ensure_ascii=False)
