"""A snapshot saved with the texts of the needs to be ranked keeps their clauses cut
into words: a process that opens it, and has taught the segmenter nothing else, ranks
those needs as it would have with the segmenter's dictionary loaded, without loading it.
A clause it does not hold, or a process that has taught other words, loads the
dictionary and cuts as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matching.engine import snapshot
from matching.engine import text as textmod
from matching.engine.ranking import MatchIndex
from tests.fresh import run_fresh
from tests.matching.engine.builders import DEV, dev_district

NEEDS = 40
UNHELD = "家里水龙头一直滴水关不紧"  # no clause of it is among the saved needs'


@pytest.fixture(scope="module")
def district() -> tuple[Any, MatchIndex]:
    return dev_district()


def _texts(facts: Any) -> list[str]:
    return [t for need in facts.needs[:NEEDS] for t in (need.title, need.description)]


@pytest.fixture(scope="module")
def saved(district: tuple[Any, MatchIndex], tmp_path_factory: pytest.TempPathFactory) -> Path:
    facts, index = district
    path = tmp_path_factory.mktemp("cut") / "snapshot"
    assert snapshot.save(index, path, texts=_texts(facts))
    return path


@pytest.fixture(scope="module")
def saved_without_texts(
    district: tuple[Any, MatchIndex], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    _facts, index = district
    path = tmp_path_factory.mktemp("uncut") / "snapshot"
    assert snapshot.save(index, path)
    return path


RANK = """
import json
from pathlib import Path
from matching.engine import snapshot, text
from matching.engine.interchange import facts_from_document
facts = facts_from_document(json.loads(Path(DEV).read_text(encoding="utf-8")))
TEACH
index = snapshot.load(Path(SAVED))
rankings = index.rank_many(facts.needs[:NEEDS], limit=5)
ranked = [[r.need, [[m.offering, repr(m.score)] for m in r.matches]] for r in rankings]
after_ranking = text.loaded()
index.read(UNHELD)
print(json.dumps({"ranked": ranked, "loaded": [after_ranking, text.loaded()]}))
"""


def _rank_fresh(saved: Path, *, teach: str = "") -> dict[str, Any]:
    code = (
        RANK.replace("DEV", repr(str(DEV / "region.json")))
        .replace("SAVED", repr(str(saved)))
        .replace("NEEDS", str(NEEDS))
        .replace("UNHELD", repr(UNHELD))
        .replace("TEACH", teach)
    )
    return json.loads(run_fresh(code).stdout.strip().splitlines()[-1])


def test_a_fresh_process_ranks_the_saved_needs_without_the_dictionary_and_alike(
    saved: Path, saved_without_texts: Path
) -> None:
    with_cuts = _rank_fresh(saved)
    without = _rank_fresh(saved_without_texts)
    # The same offerings and the same scores, to the last digit, need by need.
    assert with_cuts["ranked"] == without["ranked"]
    assert sum(len(matches) for _need, matches in with_cuts["ranked"]) > NEEDS
    # Ranked from the saved cuts; the dictionary loaded only for a text they do not hold.
    assert with_cuts["loaded"] == [False, True]
    assert without["loaded"] == [True, True]


def test_a_process_that_taught_other_words_cuts_for_itself(saved: Path) -> None:
    taught_first = _rank_fresh(saved, teach="text.add_words(['鹦鹉螺号'])")
    assert taught_first["loaded"] == [True, True]
    assert taught_first["ranked"] == _rank_fresh(saved)["ranked"]


def test_the_snapshot_holds_the_given_texts_clauses(
    district: tuple[Any, MatchIndex], saved: Path, saved_without_texts: Path
) -> None:
    facts, _index = district
    cuts = snapshot._read_cuts(np.load(saved / "text.cuts.npy", allow_pickle=False))
    title = facts.needs[0].title
    clause = max(textmod._RUNS.findall(title), key=len)
    assert clause in cuts
    assert all(cuts[clause])  # words, none empty
    assert not any(run in cuts for run in textmod._RUNS.findall(UNHELD))
    uncut = np.load(saved_without_texts / "text.cuts.npy", allow_pickle=False)
    assert snapshot._read_cuts(uncut) == {}


@pytest.fixture
def own_cuts(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process's cuts put back as they were after the test."""
    monkeypatch.setattr(textmod, "_KNOWN", None)
    monkeypatch.setattr(textmod, "_KNOWN_READ", None)


def test_cuts_are_used_only_while_the_same_words_stand_taught(own_cuts: None) -> None:
    refused, taken = "阿尔法贝塔伽马", "德尔塔伊普西隆"
    cut = ("另一种", "切法")  # not what the segmenter makes of either: seen only if taken
    # Another process's words: refused, nothing kept.
    assert not textmod.use_cuts(lambda: {refused: cut, taken: cut}, ("他处的词",))
    assert textmod.words(refused) != list(cut)
    # This process's words: the cut is taken as given, read when first asked for.
    read: list[int] = []

    def reading() -> dict[str, tuple[str, ...]]:
        read.append(1)
        return {taken: cut}

    assert textmod.use_cuts(reading, textmod.taught())
    assert read == []
    assert textmod.words(taken) == list(cut)
    assert textmod.words(taken) == list(cut)
    assert read == [1]
    # A word taught since: the cuts are forgotten, the clause cut by the segmenter.
    textmod.add_words(["鹦鹉螺号"])
    assert textmod.taught()[-1] == "鹦鹉螺号"
    assert textmod.words(taken) != list(cut)
