"""A batch's work cut into parts and spread over forked processes
(``matching.engine.spread``): the parts, where they run, and what comes back."""

from __future__ import annotations

import os
import pickle

import pytest

from matching.engine import spread
from matching.engine.types import CategoryGuess, Exclusion, Match, Ranking, Reason


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few items, so that small inputs are spread."""
    monkeypatch.setattr(spread, "MIN_PART", 2)


def test_parts_are_contiguous_and_near_equal(small_parts: None) -> None:
    items = list(range(10))
    assert spread.parts(items, 3) == [[0, 1, 2], [3, 4, 5, 6], [7, 8, 9]]
    assert spread.parts(items, 1) == [items]
    assert spread.parts([], 4) == []  # nothing to do, no part


def test_too_few_items_make_one_part() -> None:
    items = list(range(spread.MIN_PART + 10))
    assert spread.parts(items, 2) == [items]
    assert len(spread.parts(list(range(2 * spread.MIN_PART)), 8)) == 2


def test_a_cut_moves_to_where_the_key_changes(small_parts: None) -> None:
    # Communities A (3 needs), B (5), C (2): the even cut (at 5) falls inside B; it
    # moves to the nearest change of community, between A and B.
    items = ["A"] * 3 + ["B"] * 5 + ["C"] * 2
    assert spread.parts(items, 2, key=lambda c: c) == [["A"] * 3, ["B"] * 5 + ["C"] * 2]
    # With one community only, the cut stays where it was.
    assert spread.parts(["A"] * 10, 2, key=lambda c: c) == [["A"] * 5, ["A"] * 5]


def _pid_of_part(part: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in part]


@pytest.mark.skipif(not spread.can_fork(), reason="this process may not fork children")
def test_all_parts_but_the_last_run_in_other_processes(small_parts: None) -> None:
    parts = spread.parts(list(range(12)), 3)
    done = spread.spread(_pid_of_part, parts, processes=3)
    assert [[item for item, _ in part] for part in done] == parts
    pids = [{pid for _, pid in part} for part in done]
    assert all(len(p) == 1 for p in pids)
    assert pids[-1] == {os.getpid()}
    assert os.getpid() not in pids[0] | pids[1]


def test_one_process_or_one_that_may_not_fork_works_alone(
    small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = spread.parts(list(range(12)), 3)
    alone = spread.spread(_pid_of_part, parts, processes=1)
    assert {pid for part in alone for _, pid in part} == {os.getpid()}
    monkeypatch.setattr(spread, "can_fork", lambda: False)
    daemonic = spread.spread(_pid_of_part, parts, processes=3)
    assert {pid for part in daemonic for _, pid in part} == {os.getpid()}


def _fails_on_three(part: list[int]) -> list[int]:
    if 3 in part:
        raise ValueError("need 3 cannot be ranked")
    return part


@pytest.mark.skipif(not spread.can_fork(), reason="this process may not fork children")
def test_an_error_in_another_process_is_raised_here(small_parts: None) -> None:
    with pytest.raises(ValueError, match="need 3 cannot be ranked"):
        spread.spread(_fails_on_three, spread.parts(list(range(12)), 3), processes=3)


@pytest.mark.parametrize("processes", [1, 3])
def test_in_order_gives_results_in_the_items_order(small_parts: None, processes: int) -> None:
    items = ["C2", "A1", "B1", "A2", "C1", "B2", "A3", "B3"]
    seen: list[list[str]] = []

    def work(part: list[str]) -> list[str]:
        seen.append(part)  # only this process's own parts are seen here
        return [item.lower() for item in part]

    result = spread.in_order(work, items, processes=processes, key=lambda item: item[0])
    assert result == [item.lower() for item in items]
    # Worked through by key, in a stable order: in one part, or in three cut where the
    # key changes, the last (done here) being the last key's items as they came.
    if processes == 1:
        assert seen == [["A1", "A2", "A3", "B1", "B2", "B3", "C2", "C1"]]
    else:
        assert seen == [["C2", "C1"]]


def test_in_order_refuses_a_part_answered_short() -> None:
    with pytest.raises(ValueError, match="1 results for 2 items"):
        spread.in_order(lambda part: part[:1], ["a", "b"], processes=1)


def test_rankings_travel_between_processes_unchanged() -> None:
    reason = Reason("category", "服务类别相符", "Same kind of service", 0.4)
    ranking = Ranking(
        need="N1",
        matches=(Match("O1", "P1", 0.8, (reason,)), Match("O2", "P2", 0.5, (reason,))),
        excluded=(Exclusion("O3", "P3", "area", "不在服务范围", "Outside the area"),),
        categories=(CategoryGuess("home_repair", 0.9),),
        weak=2,
    )
    copy = pickle.loads(pickle.dumps([ranking]))[0]  # noqa: S301 - our own bytes
    assert copy == ranking
    assert type(copy.matches[0]) is Match
    assert type(copy.categories[0]) is CategoryGuess
    # Pickled once: a reason shared by many matches stays one object.
    assert copy.matches[0].reasons[0] is copy.matches[1].reasons[0]
