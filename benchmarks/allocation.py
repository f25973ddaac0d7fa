"""Benchmark: quarterly allocation for a district and for a city.

    .venv/bin/python benchmarks/allocation.py [--case district|city|all] [--no-networkx]

- **district**: a generated district (``generate_region``: 30,000 offerings, 5,000
  needs, seed 7). Candidates come from the real ranking (``MatchIndex.rank_many``, 50
  per need, without reasons as a plan ranks them) when the ranking engine is present;
  otherwise (or with ``--generated``) they are generated like the city's. Times
  :func:`allocate` with OR-Tools, then networkx's network simplex on the same graph, and
  prints the ratio.
- **city**: 300,000 offerings, 50,000 needs, 20 candidates each, generated with the
  structure of a real district: partners keeping ~1.7 offerings, capacities 1–12,
  needs of 1–5 units with the generator's priority mix, and each need's candidates
  drawn mostly from offerings of its own street (so needs compete for the same
  capacity), scores falling off down the list.

Each case runs in a child process so its peak memory (``ru_maxrss``) is its own.
Times exclude ranking (and generating candidates): they measure the allocation from
rankings to plan, as wall and CPU time (the CPU figure is the one to compare on a
shared machine). Prints figures only; nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from matching.engine.allocation import (  # noqa: E402 - after making the checkout importable
    AllocationSettings,
    Demand,
    Supply,
    allocate,
)
from matching.engine.types import Match, Ranking, Reason  # noqa: E402 - as above

PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_MIX = (0.15, 0.49, 0.26, 0.10)  # as generate_region draws them
REASONS = (
    Reason("category", "服务类别相同", "same category", 0.5),
    Reason("beneficiaries", "服务对象相符", "fits the beneficiaries", 0.2),
    Reason("time", "时间段吻合", "time slots overlap", 0.1),
)


def generated_case(
    *, offerings: int, needs: int, candidates: int, seed: int
) -> tuple[list[Demand], list[Supply], list[Ranking]]:
    """Needs, offerings and rankings with a real district's structure (see module doc)."""
    rng = np.random.default_rng(seed)
    partners = max(1, round(offerings / 1.7))
    streets = max(1, needs // 200)
    offering_partner = rng.integers(0, partners, offerings)
    partner_street = rng.integers(0, streets, partners)
    offering_street = partner_street[offering_partner]
    capacity = rng.integers(1, 13, offerings)
    quantity = rng.choice([1, 2, 3, 4, 5], needs, p=[0.4, 0.24, 0.15, 0.12, 0.09])
    priority = rng.choice(len(PRIORITIES), needs, p=PRIORITY_MIX)
    need_street = rng.integers(0, streets, needs)

    order = np.argsort(offering_street, kind="stable")
    bounds = np.searchsorted(offering_street[order], np.arange(streets + 1))
    # 85 % of a need's candidates from its own street, the rest (online services,
    # district-wide offerings) from anywhere.
    local = rng.random((needs, candidates)) < 0.85
    lo, hi = bounds[need_street], bounds[need_street + 1]
    pick_local = order[
        np.minimum(
            lo[:, None] + (rng.random((needs, candidates)) * (hi - lo)[:, None]), hi[:, None] - 1
        ).astype(np.int64)
    ]
    pick_any = rng.integers(0, offerings, (needs, candidates))
    chosen = np.where(local, pick_local, pick_any)
    scores = np.sort(rng.beta(2.0, 3.0, (needs, candidates)), axis=1)[:, ::-1]

    demands = [
        Demand(f"N{i}", int(q), PRIORITIES[p])
        for i, (q, p) in enumerate(zip(quantity.tolist(), priority.tolist(), strict=True))
    ]
    supplies = [
        Supply(f"O{j}", f"P{p}", capacity=int(c))
        for j, (p, c) in enumerate(zip(offering_partner.tolist(), capacity.tolist(), strict=True))
    ]
    rankings = []
    for i in range(needs):
        seen: set[int] = set()
        matches = []
        for j, s in zip(chosen[i].tolist(), scores[i].tolist(), strict=True):
            if j in seen:
                continue
            seen.add(j)
            matches.append(Match(f"O{j}", f"P{offering_partner[j]}", round(s, 4), REASONS))
        rankings.append(Ranking(need=f"N{i}", matches=tuple(matches)))
    return demands, supplies, rankings


def ranked_district(
    *, offerings: int, needs: int, candidates: int, seed: int
) -> tuple[list[Demand], list[Supply], list[Ranking], float] | None:
    """The generated district ranked by the real engine, or ``None`` without one."""
    try:
        from matching.engine.interchange import facts_from_document, load_standard
        from matching.engine.ranking import MatchIndex
    except ImportError:
        return None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from synthetic import generate_region

    doc = generate_region(offerings=offerings, needs=needs, seed=seed)
    facts = facts_from_document(doc)
    index = MatchIndex.build(
        standard=load_standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )
    start = time.perf_counter()
    rankings = index.rank_many(facts.needs, limit=candidates, reasons=False)
    rank_seconds = time.perf_counter() - start
    demands = [Demand(n.code, n.quantity, n.priority) for n in facts.needs]
    supplies = [Supply(o.code, o.partner, capacity=o.capacity) for o in facts.offerings]
    return demands, supplies, list(rankings), rank_seconds


def run_case(case: str, *, networkx: bool, generated: bool) -> dict[str, Any]:
    if case == "district":
        shape = {"offerings": 30_000, "needs": 5_000, "candidates": 50, "seed": 7}
    else:
        shape = {"offerings": 300_000, "needs": 50_000, "candidates": 20, "seed": 11}
    start = time.perf_counter()
    ranked = None if (case == "city" or generated) else ranked_district(**shape)
    figures: dict[str, Any] = {"case": case, **shape}
    if ranked is None:
        demands, supplies, rankings = generated_case(**shape)
        figures["candidates_from"] = "generated"
    else:
        demands, supplies, rankings, figures["ranking_s"] = ranked
        figures["candidates_from"] = "ranking"
    figures["prepare_s"] = time.perf_counter() - start
    figures["arcs"] = sum(len(r.matches) for r in rankings)

    start, cpu = time.perf_counter(), time.process_time()
    plan = allocate(
        demands=demands,
        supplies=supplies,
        rankings=rankings,
        settings=AllocationSettings(solver="ortools"),
    )
    figures["ortools_s"] = time.perf_counter() - start
    figures["ortools_cpu_s"] = time.process_time() - cpu
    figures["objective"] = plan.objective
    figures["assigned_units"] = sum(a.quantity for a in plan.assignments)
    figures["demanded_units"] = sum(d.quantity for d in demands)
    figures["unfilled_needs"] = len(plan.unfilled)
    if networkx:
        start, cpu = time.perf_counter(), time.process_time()
        simplex = allocate(
            demands=demands,
            supplies=supplies,
            rankings=rankings,
            settings=AllocationSettings(solver="networkx"),
        )
        figures["networkx_s"] = time.perf_counter() - start
        figures["networkx_cpu_s"] = time.process_time() - cpu
        figures["same_objective"] = simplex.cost == plan.cost
        figures["ratio"] = figures["networkx_cpu_s"] / figures["ortools_cpu_s"]
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=["district", "city", "all"], default="all")
    parser.add_argument("--no-networkx", action="store_true", help="skip the simplex timing")
    parser.add_argument("--generated", action="store_true", help="generate district candidates")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        figures = run_case(
            args.case,
            networkx=not args.no_networkx and args.case == "district",
            generated=args.generated,
        )
        print(json.dumps(figures))
        return

    for case in ["district", "city"] if args.case == "all" else [args.case]:
        argv = [sys.executable, __file__, "--case", case, "--child"]
        argv += ["--no-networkx"] if args.no_networkx else []
        argv += ["--generated"] if args.generated else []
        out = subprocess.run(argv, check=True, capture_output=True, text=True)  # noqa: S603 - our own script
        f = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{case}: {f['offerings']:,} offerings, {f['needs']:,} needs, {f['arcs']:,} candidate "
            f"arcs ({f['candidates_from']})"
        )
        if "ranking_s" in f:
            print(f"  ranking (not counted)      {f['ranking_s']:8.2f} s")
        print(
            f"  allocation, OR-Tools       {f['ortools_s']:8.2f} s wall "
            f"{f['ortools_cpu_s']:8.2f} s CPU"
        )
        if "networkx_s" in f:
            print(
                f"  allocation, networkx       {f['networkx_s']:8.2f} s wall "
                f"{f['networkx_cpu_s']:8.2f} s CPU  (x{f['ratio']:.1f} in CPU time; "
                f"same objective: {f['same_objective']})"
            )
        print(
            f"  objective {f['objective']:.1f}; units assigned {f['assigned_units']:,} of "
            f"{f['demanded_units']:,}; needs left short {f['unfilled_needs']:,}"
        )
        print(f"  peak memory                {f['peak_mib']:8.0f} MiB")


if __name__ == "__main__":
    main()
