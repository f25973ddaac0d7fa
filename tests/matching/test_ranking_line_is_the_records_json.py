"""The line ``manage.py match`` writes for a need is exactly ``json.dumps`` of its record,
whether its reasons are met for the first time or handed out again, and whatever
characters its codes and reasons hold."""

from __future__ import annotations

import json

from matching.engine.interchange import facts_from_document
from matching.engine.ranking import MatchIndex
from matching.engine.types import Match, Ranking, Reason
from matching.presenters import ranking_line, reasons_payload
from synthetic import generate_region
from tests.matching.engine.builders import standard


def dumped(ranking: Ranking) -> str:
    """The line's record, encoded whole by the json module."""
    record = {
        "need": ranking.need,
        "matches": [
            {
                "offering": m.offering,
                "partner": m.partner,
                "score": m.score,
                "reasons": reasons_payload(m.reasons),
            }
            for m in ranking.matches
        ],
    }
    return json.dumps(record, ensure_ascii=False)


def test_a_generated_districts_lines_are_their_records_json() -> None:
    facts = facts_from_document(generate_region(offerings=300, needs=80, seed=3))
    idx = MatchIndex.build(
        standard=standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
    )
    rankings = idx.rank_many(facts.needs, limit=10)
    assert sum(len(r.matches) for r in rankings) > 300
    for _ in range(2):  # the second time, every reason is one met before
        assert [ranking_line(r) for r in rankings] == [dumped(r) for r in rankings]


def test_codes_and_reasons_with_any_characters_are_escaped_as_json_does() -> None:
    odd = Reason('quote"back\\slash', "换行\n制表\t😀", "bell\x07 </script>", 0.1 + 0.2)
    plain = Reason("category", "同类服务", "Same service", 0.49)
    ranking = Ranking(
        need='N-"1"\u2028',
        matches=(
            Match('O-"a"', "P-\\b", 0.123456, (plain, odd, plain)),
            Match("O-空", "P-\x00", float("nan"), ()),
        ),
    )
    assert ranking_line(ranking) == dumped(ranking)
    empty = Ranking(need="N-2", matches=())
    assert ranking_line(empty) == dumped(empty)
