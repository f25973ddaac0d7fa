"""Measuring ranking quality: grading rules, a district labeller, and an evaluation run.

The grades follow the labelled development district's definition:

- 3: same category, usable in the need's window, an acceptable delivery mode, covers
  the community (or online), fits the beneficiaries, weekly hours overlap the preferred
  slots by an hour or more, and not paid;
- 2: same category and usable, but no such overlap, or paid;
- 1: usable, but a related category (the offering's category lists the need's as
  related) or the same category aimed at other beneficiaries;
- 0: anything else, and anything breaking a hard rule (the development district's
  rules, plus the product's: a verified partner and capacity left).

:func:`label_district` grades every (need, offering) pair of a district from the true
categories of its records, so a generated district (whose generator knows what each
record is about) can be scored like the development one.

Run as a script (see ``--help``) to print nDCG@10 and P@1 of the engine, BM25 and BM25
behind the hard rules, category-inference accuracy and timings.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import synthetic
from matching.engine.interchange import DistrictFacts, facts_from_document, load_standard
from matching.engine.metrics import ndcg_at_k, precision_at_1
from matching.engine.types import NeedFacts, OfferingFacts, PartnerFacts, Place, Slot, Standard

Labels = dict[str, dict[str, int]]


def _haversine(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _overlap_minutes(a: Sequence[Slot], b: Sequence[Slot]) -> int:
    return sum(
        max(0, min(x.end, y.end) - max(x.start, y.start))
        for x in a
        for y in b
        if x.weekday == y.weekday
    )


@dataclass(frozen=True, slots=True)
class Grader:
    """Grades offerings for needs by the rules above, from the records' true categories."""

    standard: Standard
    places: Mapping[str, Place]
    partners: Mapping[str, PartnerFacts]
    category_of: Mapping[str, str | None]  # offering or need code -> true category

    def passes_hard_rules(self, offering: OfferingFacts, need: NeedFacts) -> bool:
        """Validity overlaps the window, an accepted mode, coverage (or online), a
        verified partner and capacity left."""
        partner = self.partners.get(offering.partner)
        if partner is None or partner.status != "verified" or offering.capacity_left <= 0:
            return False
        if need.window_end and offering.valid_from and offering.valid_from > need.window_end:
            return False
        if need.window_start and offering.valid_until and offering.valid_until < need.window_start:
            return False
        if need.modes and not offering.modes & need.modes:
            return False
        if "online" in offering.modes and (not need.modes or "online" in need.modes):
            return True
        return self.covers(offering, need.community)

    def covers(self, offering: OfferingFacts, community: str) -> bool:
        if offering.area_codes:
            current: str | None = community
            while current is not None:
                if current in offering.area_codes:
                    return True
                node = self.places.get(current)
                current = node.parent if node else None
            return False
        partner = self.partners.get(offering.partner)
        place = self.places.get(community)
        if offering.radius_km is None or partner is None or place is None:
            return False
        while place is not None and (place.lat is None or place.lng is None):
            place = self.places.get(place.parent) if place.parent else None
        if place is None or place.lat is None or place.lng is None:
            return False
        if partner.lat is None or partner.lng is None:
            return False
        return _haversine(partner.lat, partner.lng, place.lat, place.lng) <= offering.radius_km

    def grade(self, offering: OfferingFacts, need: NeedFacts) -> int:
        if not self.passes_hard_rules(offering, need):
            return 0
        offer_category = self.category_of.get(offering.code)
        need_category = self.category_of.get(need.code)
        if offer_category is None or need_category is None:
            return 0
        if offer_category == need_category:
            fits = (
                "all" in offering.beneficiaries
                or "all" in need.beneficiaries
                or not need.beneficiaries
                or bool(offering.beneficiaries & need.beneficiaries)
            )
            if not fits:
                return 1
            overlap = (
                not need.preferred_slots
                or not offering.availability
                or _overlap_minutes(offering.availability, need.preferred_slots) >= 60
            )
            return 3 if overlap and offering.cost != "paid" else 2
        related = {c.code: c.related for c in self.standard.categories}
        return 1 if need_category in related.get(offer_category, frozenset()) else 0


def label_district(
    facts: DistrictFacts, standard: Standard, category_of: Mapping[str, str | None]
) -> Labels:
    """Every need's graded offerings (grade > 0), from the records' true categories."""
    grader = Grader(
        standard=standard,
        places={p.code: p for p in facts.places},
        partners={p.code: p for p in facts.partners},
        category_of=category_of,
    )
    labels: Labels = {}
    for need in facts.needs:
        grades = {o.code: grader.grade(o, need) for o in facts.offerings}
        labels[need.code] = {code: g for code, g in grades.items() if g > 0}
    return labels


def generated_truth(
    doc: Mapping[str, Any], content: Mapping[str, Mapping[str, Any]]
) -> dict[str, str | None]:
    """True categories of a generated district's records, recovered from the generator's
    phrase pools (``content``: category -> {"ot": offering titles, "nt": need titles});
    every title there belongs to one category only."""
    offer_titles = {t: code for code, pools in content.items() for t in pools["ot"]}
    need_titles = {t: code for code, pools in content.items() for t in pools["nt"]}
    truth: dict[str, str | None] = {}
    for o in doc.get("offerings", ()):
        title = o["title"]
        found = offer_titles.get(title) or offer_titles.get(title.removeprefix("公益"))
        truth[o["code"]] = o.get("category") or found
    for n in doc.get("needs", ()):
        truth[n["code"]] = n.get("category") or need_titles.get(n["title"])
    return truth


@dataclass(frozen=True, slots=True)
class Scores:
    ndcg: float
    p1: float
    needs: int


def score_rankings(
    rankings: Mapping[str, Sequence[str]], labels: Mapping[str, Mapping[str, int]]
) -> Scores:
    """Mean nDCG@10 and P@1 over needs with at least one graded offering."""
    judged = [code for code, grades in labels.items() if grades]
    if not judged:
        return Scores(ndcg=float("nan"), p1=float("nan"), needs=0)
    ndcg = statistics.fmean(ndcg_at_k(rankings.get(c, ()), labels[c]) for c in judged)
    p1 = statistics.fmean(precision_at_1(rankings.get(c, ()), labels[c]) for c in judged)
    return Scores(ndcg=ndcg, p1=p1, needs=len(judged))


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def evaluate(
    doc: Mapping[str, Any],
    labels: Labels,
    standard: Standard,
    *,
    category_of: Mapping[str, str | None] | None = None,
    baselines: bool = True,
    out: Any = sys.stdout,
) -> dict[str, Any]:
    """Rank every need of ``doc`` with the engine (and BM25) and print the figures to
    ``out`` (nothing when ``None``); returns them."""
    if out is None:
        import io

        out = io.StringIO()
    from matching.engine.baselines import Bm25Baseline
    from matching.engine.ranking import MatchIndex

    facts = facts_from_document(doc)
    index, build_s = _timed(
        lambda: MatchIndex.build(
            standard=standard,
            places=facts.places,
            partners=facts.partners,
            offerings=facts.offerings,
        )
    )
    rankings, rank_s = _timed(lambda: index.rank_many(facts.needs, limit=10))
    engine = score_rankings({r.need: [m.offering for m in r.matches] for r in rankings}, labels)
    violations = 0
    for need, ranking in zip(facts.needs, rankings, strict=True):
        allowed = set(index.eligible(need))
        violations += sum(1 for m in ranking.matches if m.offering not in allowed)
    result: dict[str, Any] = {
        "engine": engine,
        "violations": violations,
        "build_s": build_s,
        "rank_many_s": rank_s,
    }
    print(
        f"engine: nDCG@10 {engine.ndcg:.4f}  P@1 {engine.p1:.4f}  over {engine.needs} needs;"
        f" {violations} hard-rule violations; build {build_s:.2f} s,"
        f" rank_many {rank_s:.2f} s for {len(facts.needs)} needs",
        file=out,
    )
    if category_of is not None:
        hidden = [n for n in facts.needs if category_of.get(n.code)]
        guesses = [index.read_need(n, limit=1) for n in hidden]
        right = sum(
            1
            for n, g in zip(hidden, guesses, strict=True)
            if g and g[0].code == category_of[n.code]
        )
        uncategorised = [n for n in hidden if not n.category]
        right_unc = sum(
            1 for n in uncategorised if index.read_need(n, limit=1)[0].code == category_of[n.code]
        )
        result["category_accuracy"] = right / len(hidden) if hidden else float("nan")
        print(
            f"category inference (category hidden): {right}/{len(hidden)}"
            f" = {result['category_accuracy']:.3f};"
            f" of needs without a category: {right_unc}/{len(uncategorised)}",
            file=out,
        )
    if baselines:
        bm25, bm25_build = _timed(lambda: Bm25Baseline(facts.offerings, standard))
        plain, plain_s = _timed(lambda: {n.code: bm25.rank(n, limit=10) for n in facts.needs})
        behind = {n.code: bm25.rank(n, limit=10, only=index.eligible(n)) for n in facts.needs}
        for name, ranked in (("BM25", plain), ("BM25 behind hard rules", behind)):
            s = score_rankings(ranked, labels)
            result[name] = s
            print(f"{name}: nDCG@10 {s.ndcg:.4f}  P@1 {s.p1:.4f}", file=out)
        print(
            f"BM25 build {bm25_build:.2f} s, rank {plain_s:.2f} s for {len(facts.needs)} needs",
            file=out,
        )
    return result


def timing(
    doc: Mapping[str, Any], standard: Standard, *, sample: int = 500, out: Any = sys.stdout
) -> None:
    """Print build time, per-need ``rank`` p50/p95 (wall and CPU) over the first
    ``sample`` needs, the whole ``rank_many`` and the process's peak memory."""
    import resource

    from matching.engine.ranking import MatchIndex

    facts = facts_from_document(doc)
    cpu = time.process_time()
    index, build_s = _timed(
        lambda: MatchIndex.build(
            standard=standard,
            places=facts.places,
            partners=facts.partners,
            offerings=facts.offerings,
        )
    )
    build_cpu = time.process_time() - cpu
    wall: list[float] = []
    used: list[float] = []
    for need in facts.needs[:sample]:
        start, start_cpu = time.perf_counter(), time.process_time()
        index.rank(need)
        wall.append(time.perf_counter() - start)
        used.append(time.process_time() - start_cpu)

    def pct(values: list[float], q: int) -> float:
        return sorted(values)[min(len(values) - 1, int(len(values) * q / 100))] * 1000

    cpu = time.process_time()
    _, many_s = _timed(lambda: index.rank_many(facts.needs, limit=10))
    many_cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from matching.engine.baselines import Bm25Baseline

    bm25 = Bm25Baseline(facts.offerings, standard)
    sample_bm25 = facts.needs[: max(1, sample // 10)]
    start_cpu = time.process_time()
    for need in sample_bm25:
        bm25.rank(need)
    bm25_ms = (time.process_time() - start_cpu) / len(sample_bm25) * 1000
    print(
        f"{len(facts.offerings)} offerings: build {build_s:.2f} s (CPU {build_cpu:.2f} s);"
        f" rank p50 {pct(wall, 50):.2f} ms, p95 {pct(wall, 95):.2f} ms"
        f" (CPU p50 {pct(used, 50):.2f} ms, p95 {pct(used, 95):.2f} ms) over {len(wall)} needs;"
        f" rank_many {len(facts.needs)} needs {many_s:.2f} s (CPU {many_cpu:.2f} s);"
        f" peak memory {peak:.0f} MiB (before BM25);"
        f" BM25 CPU {bm25_ms:.1f} ms per need over {len(sample_bm25)} needs"
        f" = {bm25_ms / max(pct(used, 50), 1e-9):.0f}x the engine's CPU p50",
        file=out,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m matching.engine.evaluation",
        description="Ranking quality of the engine against BM25 on labelled districts.",
    )
    parser.add_argument("--dev", type=Path, help="a folder holding region.json and labels.json")
    parser.add_argument(
        "--generated",
        action="append",
        default=[],
        metavar="OFFERINGS:NEEDS:SEED",
        help="generate a district and grade it from the generator's own categories",
    )
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument(
        "--timing",
        metavar="OFFERINGS:NEEDS:SEED",
        help="generate a district and time building and ranking it (no quality figures)",
    )
    args = parser.parse_args(argv)
    standard = load_standard()
    if args.dev:
        doc = json.loads((args.dev / "region.json").read_text(encoding="utf-8"))
        labels = json.loads((args.dev / "labels.json").read_text(encoding="utf-8"))
        print(f"== {args.dev}")
        truth = {n["code"]: n.get("category") for n in doc["needs"]}
        evaluate(doc, labels, standard, category_of=truth, baselines=not args.no_baselines)
    if args.timing:
        generator = synthetic
        offerings, needs, seed = (int(x) for x in args.timing.split(":"))
        doc = generator.generate_region(offerings=offerings, needs=needs, seed=seed)
        print(f"== timing on a generated district {args.timing}")
        timing(doc, standard)
    if args.generated:
        generator = synthetic
        for spec in args.generated:
            offerings, needs, seed = (int(x) for x in spec.split(":"))
            doc = generator.generate_region(offerings=offerings, needs=needs, seed=seed)
            truth = generated_truth(doc, generator.CONTENT)
            facts = facts_from_document(doc)
            labels = label_district(facts, standard, truth)
            print(f"== generated district {spec}")
            evaluate(doc, labels, standard, category_of=truth, baselines=not args.no_baselines)


if __name__ == "__main__":
    main()
