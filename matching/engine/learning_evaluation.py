"""Measuring learning from use: do a district's corrections improve its later readings?

The labelled texts are split into two fixed halves (even and odd positions). Half B
(odd) is read against the district's index; then half A (even) is added as a
secretary's corrections in that district (each text with its most natural category)
and half B is read again. B's texts are never among the examples, so the figures say
how corrections carry over to other sentences of the same kind. The same B texts read
in another district, with the same examples present, must not change. Each reading is
scored by top-1, top-3 and the mean probability it gives the categories a secretary
would accept.

With two sets of texts (``--texts A --texts B``), also every text of one set is added as
a correction and the other set read before and after: corrections carried over to
sentences written apart. ``--no-catalogue`` reads with the standard alone, as a district
whose categories have no catalogue entries would.

Run: ``python -m matching.engine.learning_evaluation --texts PATH [--texts PATH]
[--demo] [--dev DIR] [--no-catalogue]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matching.engine.interchange import DistrictFacts, facts_from_document, load_standard
from matching.engine.reading_evaluation import LabelledText, demo_facts, load_texts
from matching.engine.types import Place, Standard, TextExample

OTHER_DISTRICT = "ELSEWHERE"


def _accuracy(
    index: Any, texts: Sequence[LabelledText], district: str | None
) -> tuple[float, float, float]:
    """Top-1, top-3, and the mean probability the reading gives the categories a
    secretary would accept (which moves even where the first category does not)."""
    top1 = top3 = 0
    accepted = 0.0
    for t in texts:
        guesses = index.read(t.text, district=district, limit=len(index.category_codes)).categories
        codes = [g.code for g in guesses[:3]]
        top1 += bool(codes) and codes[0] in t.categories
        top3 += bool(set(codes) & set(t.categories))
        accepted += sum(g.probability for g in guesses if g.code in t.categories)
    return top1 / len(texts), top3 / len(texts), accepted / len(texts)


def evaluate_learning(
    name: str,
    facts: DistrictFacts,
    texts: Sequence[LabelledText],
    standard: Standard,
    *,
    out: Any = sys.stdout,
) -> dict[str, tuple[float, float, float]]:
    """Top-1/top-3 of half B before and after half A's corrections, in the district
    and in another one; printed and returned by label."""
    from matching.engine.ranking import MatchIndex

    district = next(p.code for p in facts.places if p.level == "district")
    half_a, half_b = texts[0::2], texts[1::2]
    places = (
        *facts.places,
        Place(code=OTHER_DISTRICT, name="其他区", level="district", parent=None),
    )
    index = MatchIndex.build(
        standard=standard, places=places, partners=facts.partners, offerings=facts.offerings
    )
    examples = [
        TextExample(text=t.text, category=t.categories[0], district=district) for t in half_a
    ]
    learned = index.with_examples(examples)
    results = {
        "before": _accuracy(index, half_b, district),
        "after": _accuracy(learned, half_b, district),
        "other district before": _accuracy(index, half_b, OTHER_DISTRICT),
        "other district after": _accuracy(learned, half_b, OTHER_DISTRICT),
    }
    print(
        f"== {name}: half B ({len(half_b)} texts) read before and after"
        f" half A's {len(examples)} corrections",
        file=out,
    )
    for label, (top1, top3, accepted) in results.items():
        print(
            f"{label:>22}: top-1 {top1:.3f}  top-3 {top3:.3f}  accepted {accepted:.3f}",
            file=out,
        )
    return results


def evaluate_transfer(
    name: str,
    facts: DistrictFacts,
    corrections: Sequence[LabelledText],
    texts: Sequence[LabelledText],
    standard: Standard,
    *,
    out: Any = sys.stdout,
) -> dict[str, tuple[float, float, float]]:
    """Top-1/top-3 of ``texts`` before and after all of ``corrections`` are confirmed in
    the district; printed and returned by label."""
    from matching.engine.ranking import MatchIndex

    district = next(p.code for p in facts.places if p.level == "district")
    index = MatchIndex.build(
        standard=standard, places=facts.places, partners=facts.partners, offerings=facts.offerings
    )
    learned = index.with_examples(
        [TextExample(text=t.text, category=t.categories[0], district=district) for t in corrections]
    )
    results = {
        "before": _accuracy(index, texts, district),
        "after": _accuracy(learned, texts, district),
    }
    print(f"== {name}", file=out)
    for label, (top1, top3, accepted) in results.items():
        print(
            f"{label:>22}: top-1 {top1:.3f}  top-3 {top3:.3f}  accepted {accepted:.3f}",
            file=out,
        )
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m matching.engine.learning_evaluation",
        description="How a district's corrections change its later readings.",
    )
    parser.add_argument(
        "--texts",
        type=Path,
        action="append",
        required=True,
        help="labelled texts (needs.json); give two sets to also carry one over to the other",
    )
    parser.add_argument("--demo", action="store_true", help="read against the demo district")
    parser.add_argument("--dev", type=Path, help="a folder holding region.json")
    parser.add_argument("--no-catalogue", action="store_true", help="read with the standard alone")
    args = parser.parse_args(argv)
    standard = load_standard(catalogue=not args.no_catalogue)
    sets = {path.name: load_texts(path) for path in args.texts}
    districts: list[tuple[str, DistrictFacts]] = []
    if args.demo or not args.dev:
        districts.append(("demo district", demo_facts()))
    if args.dev:
        doc: Mapping[str, Any] = json.loads((args.dev / "region.json").read_text(encoding="utf-8"))
        districts.append((f"development district {args.dev}", facts_from_document(doc)))
    for name, facts in districts:
        for set_name, texts in sets.items():
            evaluate_learning(f"{set_name} on the {name}", facts, texts, standard)
        for (a_name, a), (b_name, b) in itertools.permutations(sets.items(), 2):
            evaluate_transfer(
                f"{b_name} on the {name}, before and after all of {a_name} as corrections",
                facts,
                a,
                b,
                standard,
            )


if __name__ == "__main__":
    main()
