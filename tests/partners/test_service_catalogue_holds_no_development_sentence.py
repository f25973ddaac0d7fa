"""The catalogue is written in residents' own register but never from the sentences kept
to measure the engine (the development set and the project's own two,
``benchmarks/data/situations.json`` and ``benchmarks/data/held_out_situations.json``):
none of them, nor a near copy of one, appears in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from partners.catalogue import CATALOGUE_PATH

REALWORLD = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "realworld" / "needs.json"
)
DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
OWN = DATA / "situations.json"
HELD_OUT = DATA / "held_out_situations.json"
PUNCTUATION = re.compile(r"[\s，。、！？；：,.!?;:“”\"'（）()…~～]+")


def bare(text: str) -> str:
    return PUNCTUATION.sub("", text)


def bigrams(text: str) -> set[str]:
    text = bare(text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


@pytest.fixture(scope="module", params=["development", "own", "held out"])
def development_sentences(request: pytest.FixtureRequest) -> list[str]:
    path = {"development": REALWORLD, "own": OWN, "held out": HELD_OUT}[request.param]
    if not path.exists():
        pytest.skip(f"the development set is not on this machine: {path}")
    return [need["text"] for need in json.loads(path.read_text("utf-8"))["needs"]]


def catalogue_phrases() -> list[str]:
    doc = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    phrases = []
    for entry in doc["categories"]:
        phrases += entry["situations"] + entry["covers"] + entry["keywords"]
    return phrases


def test_no_development_sentence_appears_in_the_catalogue(development_sentences: list[str]) -> None:
    text = bare(CATALOGUE_PATH.read_text(encoding="utf-8"))
    found = [s for s in development_sentences if bare(s) in text]
    assert found == []


def test_no_situation_is_a_near_copy_of_a_development_sentence(
    development_sentences: list[str],
) -> None:
    sentences = [(s, bigrams(s)) for s in development_sentences]
    near = []
    for phrase in catalogue_phrases():
        mine = bigrams(phrase)
        for sentence, theirs in sentences:
            if mine and len(mine & theirs) / len(mine | theirs) >= 0.4:
                near.append((phrase, sentence))
    assert near == []


def test_the_projects_own_sentences_share_little_with_any_catalogue_phrase() -> None:
    """The project's own set stands for sentences the engine has never seen: none of them
    shares as much as 35% of its pairs of characters with a phrase of the catalogue."""
    phrases = [bigrams(phrase) for phrase in catalogue_phrases()]
    close = []
    for need in json.loads(OWN.read_text("utf-8"))["needs"]:
        mine = bigrams(need["text"])
        shared = max(len(mine & theirs) / len(mine) for theirs in phrases)
        if shared >= 0.35:
            close.append((need["text"], round(shared, 2)))
    assert close == []


CLAUSE = 6  # characters: a clause this long, word for word, is copied, not rewritten


@pytest.mark.parametrize("path", [OWN, HELD_OUT, DATA / "short_needs.json"], ids=lambda p: p.stem)
def test_the_projects_own_sets_repeat_no_clause_of_the_development_set(path: Path) -> None:
    """The project's sets stand apart from the development set: none repeats one of its
    clauses of six characters or more, word for word."""
    if not REALWORLD.exists():
        pytest.skip(f"the development set is not on this machine: {REALWORLD}")
    ours = "|".join(bare(need["text"]) for need in json.loads(path.read_text("utf-8"))["needs"])
    clauses = {
        bare(clause)
        for need in json.loads(REALWORLD.read_text("utf-8"))["needs"]
        for clause in re.split(r"[，。、！？；：,.!?;:]", need["text"])
        if len(bare(clause)) >= CLAUSE
    }
    assert sorted(c for c in clauses if c in ours) == []
