"""Benchmark: reading the category of uncategorised needs in blocks, as ``rank_many``
does, on a generated district with confirmed examples.

Builds an index of a generated district whose district has ``--examples`` confirmed
examples, then reads every need (its category hidden) block by block and prints the CPU
and wall time of each repetition. Nothing here passes or fails on time.

    .venv/bin/python -m benchmarks.reading_blocks [--offerings 3000] [--needs 2000]
        [--examples 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import synthetic
from matching.engine.interchange import facts_from_document, load_standard
from matching.engine.ranking import NEED_BLOCK, MatchIndex
from matching.engine.types import TextExample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offerings", type=int, default=3000)
    parser.add_argument("--needs", type=int, default=2000)
    parser.add_argument("--examples", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    generator = synthetic
    doc = generator.generate_region(offerings=args.offerings, needs=args.needs, seed=5)
    facts = facts_from_document(doc)
    standard = load_standard()
    codes = [c.code for c in standard.categories]
    places = {p.code: p for p in facts.places}

    def district(code: str) -> str:
        while places[code].parent is not None and places[code].level != "district":
            code = places[code].parent or code
        return code

    examples = [
        TextExample(f"{n.title} {n.description}", codes[k % len(codes)], district(n.community))
        for k, n in enumerate(facts.needs[: args.examples])
    ]
    index = MatchIndex.build(
        standard=standard,
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
        examples=examples,
    )
    needs = [replace(n, category=None) for n in facts.needs]
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for begin in range(0, len(needs), NEED_BLOCK):
            block = needs[begin : begin + NEED_BLOCK]
            index._need_categories(block, index._need_vectors(block))
        print(
            f"read {len(needs)} needs with {len(examples)} examples:"
            f" CPU {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f} s"
        )


if __name__ == "__main__":
    main()
