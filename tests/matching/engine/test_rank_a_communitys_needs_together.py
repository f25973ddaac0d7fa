"""A community's needs are ranked together, as pairs of a need and an offering: each
need still gets exactly what it gets ranked alone, whatever its neighbours ask."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from matching.engine import ranking as engine_ranking
from matching.engine.ranking import TEXT_CANDIDATES
from matching.engine.types import Slot
from tests.matching.engine.builders import WEEKEND_DAYTIME, index, need, offering, partner

TODAY = dt.date(2026, 10, 2)


def _district():
    """Many haircut offerings of one street (more than TEXT_CANDIDATES of them), with
    different windows, modes, hours, costs and beneficiaries; a few whose category is
    only read from their text."""
    offerings = []
    for i in range(TEXT_CANDIDATES + 40):
        offerings.append(
            offering(
                f"O{i:03d}",
                partner=f"P{i % 5}",
                title=("理发师上门剪发", "社区义剪", "老人理发修面")[i % 3],
                cost=("free", "low_cost", "paid")[i % 3],
                modes=frozenset([("home_visit", "at_center", "online")[i % 3]]),
                beneficiaries=frozenset([("elderly", "children", "all")[i % 3]]),
                valid_until=dt.date(2026, 11, 15) if i % 4 == 0 else dt.date(2027, 12, 31),
                # Odd ones on Sundays, even ones on Tuesdays.
                availability=(Slot(weekday=7 if i % 2 else 2, start=540, end=720),),
                category=None if i % 7 == 0 else "haircut",
            )
        )
    partners = [partner(f"P{k}", reliability=0.5 + k / 10, load=k) for k in range(5)]
    return index(offerings, partners)


def _needs():
    base = need("N0")
    return [
        base,
        replace(base, code="N1", window_start=dt.date(2026, 12, 1)),
        replace(base, code="N2", modes=frozenset({"online"})),
        replace(base, code="N3", modes=frozenset({"home_visit"})),
        replace(base, code="N4", preferred_slots=WEEKEND_DAYTIME),
        replace(base, code="N5", beneficiaries=frozenset({"children"})),
        replace(base, code="N6", category=None, title="老人头发长了", description="想剪个头"),
        replace(base, code="N7", category="legal_aid", title="合同纠纷"),
    ]


def test_each_need_ranked_with_its_community_gets_what_it_gets_alone():
    idx = _district()
    needs = _needs()
    for limit in (1, 10, TEXT_CANDIDATES + 20):
        together = idx.rank_many(needs, limit=limit, today=TODAY)
        for n, ranking in zip(needs, together, strict=True):
            assert ranking == idx.rank(n, limit=limit, today=TODAY), (n.code, limit)
        plan = idx.candidates(needs, limit=limit, today=TODAY)[1]
        for k, ranking in enumerate(idx.rank_many(needs, limit=limit, today=TODAY, reasons=False)):
            assert plan.ranking(k).matches == ranking.matches, (needs[k].code, limit)


def test_a_needs_own_rules_hold_among_its_neighbours():
    idx = _district()
    needs = _needs()
    rankings = {r.need: r for r in idx.rank_many(needs, limit=TEXT_CANDIDATES + 40, today=TODAY)}
    # More offerings fit than text compares: the best TEXT_CANDIDATES by the rest.
    everything = {m.offering for m in rankings["N0"].matches}
    assert len(everything) == TEXT_CANDIDATES
    # A window from December leaves out what ends in mid-November, which others take.
    late = {m.offering for m in rankings["N1"].matches}
    assert late
    assert all(int(code[1:]) % 4 for code in late)
    assert any(int(code[1:]) % 4 == 0 for code in everything)
    # Online only, and home visits only: disjoint, and each of its own mode.
    online = {m.offering for m in rankings["N2"].matches}
    home = {m.offering for m in rankings["N3"].matches}
    assert online
    assert home
    assert not online & home
    assert all(int(code[1:]) % 3 == 2 for code in online)
    assert all(int(code[1:]) % 3 == 0 for code in home)
    # No legal aid offered: nothing fits, among neighbours that all find plenty.
    assert rankings["N7"].matches == ()
    # The weekend need's best are open at the weekend, and say so.
    for match in rankings["N4"].matches[:5]:
        assert int(match.offering[1:]) % 2 == 1
        time = next(r for r in match.reasons if r.code == "time")
        assert time.text_zh == "每周服务时间与希望时段重叠"


def test_text_similarity_taken_a_few_needs_at_a_time_ranks_the_same(monkeypatch):
    """However few (need, offering) cells one text similarity product may hold, the
    needs are ranked as when they are all compared at once."""
    idx = _district()
    needs = _needs()
    at_once = idx.rank_many(needs, limit=TEXT_CANDIDATES + 20, today=TODAY)
    assert sum(len(r.matches) for r in at_once) > 2 * TEXT_CANDIDATES
    monkeypatch.setattr(engine_ranking, "COSINE_CELLS", 1)
    assert idx.rank_many(needs, limit=TEXT_CANDIDATES + 20, today=TODAY) == at_once
