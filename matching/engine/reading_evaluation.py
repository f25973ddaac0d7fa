"""Measuring how the engine reads situations: top-1/top-3, calibration, modes.

Texts labelled with the categories a secretary would accept (the first the most natural;
a guess is right when it is among them) and the delivery modes they imply are read
against a district's index. Printed per reader (the engine, the previous centroid reader
kept as a baseline, and BM25: the category of the best-matching offerings):

- top-1 and top-3 accuracy;
- expected calibration error (10 equal-width bins of the top probability) and the
  reliability table;
- the log loss of the first category's probability as a forecast of its being right;
- the share right among guesses with probability >= 0.9, and how many are unsure
  (below :data:`~matching.engine.categories.CONFIDENT`);
- mode accuracy (the set of modes read equals the labelled set).

``--split`` also reports the two fixed halves of the texts (even and odd positions), to
show how much a figure moves between two samples of the same kind.
``--ingredients`` also reports the engine with each of its ingredients taken out in
turn (the catalogue, the catalogue's classifier (reading with the category model's
cosines alone), the beneficiary and mode prior, the share of categories serving
everyone, the lower weight of words naming people, the focus on what is lacking, the
Platt scaling of the first category's probability), so that what each adds can be read
off. The calibration is fitted for the engine whole: the ECE of a line without an
ingredient says how far off that calibration is, not how well that reader could be.

Run: ``python -m matching.engine.reading_evaluation --texts PATH [--texts PATH…] [--dev DIR]
[--demo]``; each set of texts is reported on its own. ``--fit`` fits the reading
temperature, then its Platt scaling, on all the texts of all the sets given together;
a set kept apart (``benchmarks/data/held_out_situations.json``) then checks it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import synthetic
from matching.engine import categories, classifier, reading
from matching.engine.categories import CONFIDENT
from matching.engine.interchange import DistrictFacts, facts_from_document, load_standard
from matching.engine.types import Standard

# The demo district (interchange/demo.py): partners, offerings, needs, seed and code prefix.
DEMO_DISTRICT: dict[str, Any] = {
    "partners": 120,
    "offerings": 220,
    "needs": 60,
    "seed": 2026,
    "prefix": "DEMO",
}
BINS = 10
HIGH = 0.9


@dataclass(frozen=True, slots=True)
class LabelledText:
    text: str
    categories: tuple[str, ...]
    modes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Guess:
    """A reader's answer for one text: categories most likely first, the probability of
    the first, and the modes read."""

    codes: tuple[str, ...]
    probability: float
    modes: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Scores:
    texts: int
    top1: float
    top3: float
    ece: float
    high: int
    high_right: int
    unsure: int
    modes: float | None
    table: tuple[tuple[float, float, int, float, float], ...]  # lo, hi, n, mean p, right
    log_loss: float  # of the first category's probability as a forecast of being right


def load_texts(path: Path) -> list[LabelledText]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [
        LabelledText(
            text=item["text"],
            categories=tuple(item["categories"]),
            modes=frozenset(item.get("modes", ())),
        )
        for item in doc["needs"]
    ]


def score(texts: Sequence[LabelledText], guesses: Sequence[Guess]) -> Scores:
    """Accuracy, calibration and mode figures of ``guesses`` for ``texts``."""
    right1 = np.array(
        [bool(g.codes) and g.codes[0] in t.categories for t, g in zip(texts, guesses, strict=True)]
    )
    right3 = [
        bool(set(g.codes[:3]) & set(t.categories)) for t, g in zip(texts, guesses, strict=True)
    ]
    probs = np.array([g.probability for g in guesses], dtype=np.float64)
    table = []
    for b, inside in enumerate(_bins(probs)):
        n = int(inside.sum())
        if n:
            table.append(
                (b / BINS, (b + 1) / BINS, n, float(probs[inside].mean()), right1[inside].mean())
            )
    ece = expected_calibration_error(probs, right1) if len(texts) else 0.0
    high = probs >= HIGH
    with_modes = [(t, g) for t, g in zip(texts, guesses, strict=True) if g.modes is not None]
    return Scores(
        texts=len(texts),
        top1=float(right1.mean()) if len(texts) else float("nan"),
        top3=sum(right3) / len(texts) if texts else float("nan"),
        ece=ece,
        high=int(high.sum()),
        high_right=int(right1[high].sum()),
        unsure=int((probs < CONFIDENT).sum()),
        modes=(
            sum(1 for t, g in with_modes if g.modes == t.modes) / len(with_modes)
            if with_modes
            else None
        ),
        table=tuple(table),
        log_loss=_log_loss(right1, probs) if len(texts) else float("nan"),
    )


def _bins(probs: npt.NDArray[np.float64]) -> list[npt.NDArray[np.bool_]]:
    """Which of ``probs`` fall in each of the :data:`BINS` equal bins of 0..1 (the last
    one closed)."""
    return [
        (probs >= b / BINS) & ((probs < (b + 1) / BINS) if b < BINS - 1 else (probs <= 1.0))
        for b in range(BINS)
    ]


def expected_calibration_error(
    probs: npt.NDArray[np.float64], right: npt.NDArray[np.bool_]
) -> float:
    """Over :data:`BINS` equal bins of the shown probability, the gap between the mean
    probability and the share right, weighted by the bin's share of the texts."""
    return sum(
        float(inside.sum()) / probs.size * abs(float(probs[inside].mean() - right[inside].mean()))
        for inside in _bins(probs)
        if inside.any()
    )


def calibrated_ece(
    probs: npt.NDArray[np.float64], *, rounds: int = 2000, seed: int = 7
) -> tuple[float, float]:
    """The ECE a perfectly calibrated reader would show on texts read with ``probs``:
    each reading proves right with exactly its probability, drawn ``rounds`` times; the
    mean and the 95th percentile. On some 80 texts sampling alone gives a few hundredths,
    the size of the target itself."""
    rng = np.random.default_rng(seed)
    found = [
        expected_calibration_error(probs, rng.random(probs.size) < probs) for _ in range(rounds)
    ]
    mean, high = float(np.mean(found)), float(np.percentile(found, 95))
    return mean, high


def print_scores(name: str, s: Scores, out: Any, *, table: bool = False) -> None:
    high = f"{s.high_right}/{s.high}" + (f" = {s.high_right / s.high:.2f}" if s.high else "")
    modes = "" if s.modes is None else f"  modes {s.modes:.2f}"
    print(
        f"{name:<36} top-1 {s.top1:.3f}  top-3 {s.top3:.3f}  ECE {s.ece:.3f}"
        f"  log loss {s.log_loss:.3f}"
        f"  right among >=0.9: {high}  unsure {s.unsure}/{s.texts}{modes}",
        file=out,
    )
    if table:
        print("    probability    texts  mean p  right", file=out)
        for lo, hi, n, mean_p, acc in s.table:
            print(f"    {lo:.1f}-{hi:.1f}        {n:5d}   {mean_p:.3f}  {acc:.3f}", file=out)


def readers(facts: DistrictFacts, standard: Standard) -> dict[str, Callable[[str], Guess]]:
    """The readers compared, each built on the district's offerings."""
    from matching.engine.baselines import Bm25Baseline
    from matching.engine.ranking import MatchIndex
    from matching.engine.types import NeedFacts

    index = MatchIndex.build(
        standard=standard,
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )
    district = next((p.code for p in facts.places if p.level == "district"), None)
    bm25 = Bm25Baseline(facts.offerings, standard)
    category_of = {o.code: o.category for o in facts.offerings}

    def engine(text: str) -> Guess:
        reading = index.read(text, district=district, limit=3)
        top = reading.categories[0].probability if reading.categories else 0.0
        return Guess(tuple(g.code for g in reading.categories), top, frozenset(reading.modes))

    def centroid(text: str) -> Guess:
        guesses = index.baseline_categories(text, limit=3)
        return Guess(tuple(g.code for g in guesses), guesses[0].probability if guesses else 0.0)

    def bm25_reader(text: str) -> Guess:
        ranked = bm25.rank(NeedFacts(code="T", community="", title=text), limit=30)
        codes: list[str] = []
        for code in ranked:
            category = category_of.get(code)
            if category and category not in codes:
                codes.append(category)
        return Guess(tuple(codes[:3]), 1.0)

    return {"engine": engine, "previous (centroids)": centroid, "BM25 (best offering)": bm25_reader}


@contextlib.contextmanager
def _setting(module: Any, **values: float) -> Iterator[None]:
    """``module``'s constants set to ``values`` for the block, restored after it."""
    before = {name: getattr(module, name) for name in values}
    try:
        for name, value in values.items():
            setattr(module, name, value)
        categories._typical_matrix.cache_clear()
        yield
    finally:
        for name, value in before.items():
            setattr(module, name, value)
        categories._typical_matrix.cache_clear()


# Each ingredient of the reading and how to take it out (the catalogue is taken out by
# reading with the standard alone).
INGREDIENTS: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
    "the catalogue's classifier": lambda: _setting(categories, CLASSIFIER_WEIGHT=0.0),
    "the classifier's single characters": lambda: _setting(classifier, CHARACTERS=False),
    "beneficiary and mode prior": lambda: _setting(
        categories, BENEFICIARY_PRIOR=0.0, MODE_PRIOR=0.0
    ),
    "categories serving everyone": lambda: _setting(categories, EVERYONE_SHARE=0.0),
    "people's words weighed less": lambda: _setting(categories, PERSON_WEIGHT=1.0),
    "focus on what is lacking": lambda: _setting(reading, FOCUS_WEIGHT=0.0),
    "Platt scaling": lambda: _setting(
        categories, READING_SLOPE=1.0, READING_OFFSET=0.0, READING_SHORTNESS=0.0
    ),
}


def _right_and_top(
    index: Any, texts: Sequence[LabelledText], temperature: float
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Per text, whether the first category read at ``temperature`` is right, and its
    probability before Platt scaling."""
    codes, probs = index.reading_probabilities([t.text for t in texts], temperature=temperature)
    top = probs.max(axis=1).astype(np.float64).clip(1e-6, 1 - 1e-6)
    right = np.array(
        [codes[int(k)] in t.categories for k, t in zip(probs.argmax(axis=1), texts, strict=True)],
        dtype=np.bool_,
    )
    return right, top


def _log_loss(right: npt.NDArray[np.bool_], p: npt.NDArray[np.float64]) -> float:
    p = p.clip(1e-6, 1 - 1e-6)
    return float(-np.where(right, np.log(p), np.log(1 - p)).mean())


@dataclass(frozen=True, slots=True)
class Calibration:
    temperature: float
    slope: float
    offset: float
    shortness: float
    loss_temperature: float  # log loss with the temperature alone
    loss: float  # with the Platt scaling too


def fit_calibration(
    facts: DistrictFacts, texts: Sequence[LabelledText], standard: Standard
) -> Calibration:
    """Temperature scaling, then Platt scaling at that temperature: the temperature whose
    first-category probabilities best predict whether the first category read is right
    (least log loss) on ``texts``, then the slope and offset on their log-odds, and the
    weight of their texts' shortness, that predict it best."""
    from scipy.optimize import minimize

    from matching.engine.ranking import MatchIndex

    index = MatchIndex.build(
        standard=standard, places=facts.places, partners=facts.partners, offerings=facts.offerings
    )
    best = (float("inf"), 1.0)
    for temperature in np.exp(np.linspace(np.log(0.005), np.log(0.5), 240)).tolist():
        loss = _log_loss(*_right_and_top(index, texts, temperature))
        if loss < best[0]:
            best = (loss, temperature)
    right, top = _right_and_top(index, texts, best[1])
    lengths = categories.lengths_of([t.text for t in texts])
    fitted = minimize(
        lambda w: _log_loss(
            right, categories.platt(top, lengths, float(w[0]), float(w[1]), float(w[2]))
        ),
        np.array([1.0, 0.0, 0.0]),
        method="Nelder-Mead",
    )
    return Calibration(
        temperature=best[1],
        slope=float(fitted.x[0]),
        offset=float(fitted.x[1]),
        shortness=float(fitted.x[2]),
        loss_temperature=best[0],
        loss=float(fitted.fun),
    )


def calibration_loss(
    facts: DistrictFacts,
    texts: Sequence[LabelledText],
    standard: Standard,
    *,
    temperature: float,
    slope: float,
    offset: float,
    shortness: float,
) -> float:
    """Log loss of the first categories read with this calibration as forecasts of being
    right, on ``texts``: how a fitted calibration does on texts it was not fitted on."""
    from matching.engine.ranking import MatchIndex

    index = MatchIndex.build(
        standard=standard, places=facts.places, partners=facts.partners, offerings=facts.offerings
    )
    right, top = _right_and_top(index, texts, temperature)
    lengths = categories.lengths_of([t.text for t in texts])
    return _log_loss(right, categories.platt(top, lengths, slope, offset, shortness))


def demo_facts() -> DistrictFacts:
    return facts_from_document(synthetic.generate_region(**DEMO_DISTRICT))


def evaluate_district(
    name: str,
    facts: DistrictFacts,
    texts: Sequence[LabelledText],
    standard: Standard,
    *,
    split: bool,
    ingredients: bool = False,
    out: Any = sys.stdout,
) -> dict[str, Scores]:
    print(f"== {name}: {len(texts)} texts, {len(facts.offerings)} offerings", file=out)
    results: dict[str, Scores] = {}
    for reader_name, reader in readers(facts, standard).items():
        guesses = []
        times = []
        cpu = []
        for t in texts:
            start, start_cpu = time.perf_counter(), time.process_time()
            guesses.append(reader(t.text))
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        if reader_name == "engine":
            p50, p95 = np.percentile(times, [50, 95]).tolist()
            c50, c95 = np.percentile(cpu, [50, 95]).tolist()
            print(
                f"reading a text (first time): p50 {p50:.2f} ms, p95 {p95:.2f} ms"
                f" (CPU p50 {c50:.2f} ms, p95 {c95:.2f} ms)",
                file=out,
            )
        s = score(texts, guesses)
        results[reader_name] = s
        print_scores(reader_name, s, out, table=reader_name == "engine")
        if reader_name == "engine":
            mean, high = calibrated_ece(np.array([g.probability for g in guesses]))
            print(
                f"    a perfectly calibrated reader with these probabilities: ECE {mean:.3f}"
                f" on average, {high:.3f} or less 95 times in 100",
                file=out,
            )
        if split:
            for half, label in ((0, "even half"), (1, "odd half")):
                part = score(texts[half::2], guesses[half::2])
                results[f"{reader_name} {label}"] = part
                print_scores(f"  {label}", part, out)
    if ingredients:
        from matching.engine.interchange import load_standard

        without: dict[str, tuple[Standard, contextlib.AbstractContextManager[None]]] = {
            "the catalogue": (load_standard(catalogue=False), contextlib.nullcontext()),
            **{name: (standard, take_out()) for name, take_out in INGREDIENTS.items()},
        }
        for name, (reduced, setting) in without.items():
            with setting:
                reader = readers(facts, reduced)["engine"]
                s = score(texts, [reader(t.text) for t in texts])
            results[f"without {name}"] = s
            print_scores(f"without {name}", s, out)
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m matching.engine.reading_evaluation",
        description="How the engine reads situations, against the demo and dev districts.",
    )
    parser.add_argument(
        "--texts",
        type=Path,
        action="append",
        required=True,
        help="labelled texts (needs.json); may be given more than once",
    )
    parser.add_argument("--dev", type=Path, help="a folder holding region.json")
    parser.add_argument("--demo", action="store_true", help="read against the demo district")
    parser.add_argument("--split", action="store_true", help="also report the two fixed halves")
    parser.add_argument(
        "--ingredients",
        action="store_true",
        help="also report the engine with each ingredient taken out in turn",
    )
    parser.add_argument(
        "--fit",
        action="store_true",
        help="fit the reading calibration on all the texts given, against the demo district",
    )
    parser.add_argument(
        "--catalogue", type=Path, help="read with this catalogue file instead (a draft)"
    )
    args = parser.parse_args(argv)
    standard = load_standard()
    if args.catalogue:
        from matching.engine.catalogue import with_catalogue_file

        standard = with_catalogue_file(standard, args.catalogue)
    sets = {path: load_texts(path) for path in args.texts}
    if args.fit:
        fitting = [t for texts in sets.values() for t in texts]
        demo = demo_facts()
        fit = fit_calibration(demo, fitting, standard)
        print(
            f"reading calibration fitted on {len(sets)} set(s), {len(fitting)} texts:"
            f" temperature {fit.temperature:.4f} (log loss {fit.loss_temperature:.3f}),"
            f" then Platt slope {fit.slope:.3f}, offset {fit.offset:.3f},"
            f" shortness {fit.shortness:.3f} (log loss {fit.loss:.3f})"
        )
        in_use = calibration_loss(
            demo,
            fitting,
            standard,
            temperature=categories.READING_TEMPERATURE,
            slope=categories.READING_SLOPE,
            offset=categories.READING_OFFSET,
            shortness=categories.READING_SHORTNESS,
        )
        print(
            f"the calibration in use (temperature {categories.READING_TEMPERATURE:.4f}, slope"
            f" {categories.READING_SLOPE:.3f}, offset {categories.READING_OFFSET:.3f},"
            f" shortness {categories.READING_SHORTNESS:.3f}):"
            f" log loss {in_use:.3f} on the same texts"
        )
    districts: list[tuple[str, DistrictFacts]] = []
    if args.demo:
        districts.append(("demo district", demo_facts()))
    if args.dev:
        doc: Mapping[str, Any] = json.loads((args.dev / "region.json").read_text(encoding="utf-8"))
        districts.append((f"development district {args.dev}", facts_from_document(doc)))
    for path, texts in sets.items():
        for name, facts in districts:
            evaluate_district(
                f"{path.name} on the {name}",
                facts,
                texts,
                standard,
                split=args.split,
                ingredients=args.ingredients,
            )


if __name__ == "__main__":
    main()
