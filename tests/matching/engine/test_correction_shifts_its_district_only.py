"""A district's confirmed example changes the next reading of a similar text in that
district, and leaves every other district's reading as it was; a negative example pushes
the reading away from its category."""

from __future__ import annotations

from matching.engine import text as textmod
from matching.engine.ranking import MatchIndex
from matching.engine.reading import EXAMPLE_PULL, ExampleMemory
from matching.engine.types import Place, TextExample
from tests.matching.engine.builders import PLACES, offering, partner, standard

OTHER = (
    Place("E", "另一区", "district", None, 23.0, 114.0),
    Place("E-S1", "另一街道", "street", "E", 23.0, 114.0),
    Place("E-S1-C1", "丁社区", "community", "E-S1", 23.0, 114.0),
)
OFFERINGS = [
    offering("O1", category="home_repair", title="水电维修", description="师傅上门修水管换龙头"),
    offering("O2", category="venue", title="活动室借用", description="社区活动室免费借给居民"),
    offering("O3", category="funding", title="公益金", description="为社区微项目提供资金支持"),
]
TEXT = "楼道里的声控灯一到晚上就不亮"


def _index(examples: list[TextExample]) -> MatchIndex:
    return MatchIndex.build(
        standard=standard(),
        places=(*PLACES, *OTHER),
        partners=[partner("P1")],
        offerings=OFFERINGS,
        examples=examples,
    )


def _probability(idx: MatchIndex, district: str, code: str) -> float:
    reading = idx.read(TEXT, district=district, limit=40)
    return next(g.probability for g in reading.categories if g.code == code)


def test_a_correction_is_read_in_its_district_and_not_in_another():
    example = TextExample(text=TEXT, category="household_help", district="D")
    before = _index([])
    after = _index([example])

    assert before.read(TEXT, district="D").categories[0].code != "household_help"
    assert after.read(TEXT, district="D").categories[0].code == "household_help"
    assert after.read(TEXT, district="E") == before.read(TEXT, district="E")


def test_a_need_is_read_with_its_communitys_district():
    example = TextExample(text="楼道的灯坏了不亮", category="household_help", district="D")
    idx = _index([example])

    assert idx.district_of("D-S1-C1") == "D"
    assert idx.district_of("E-S1-C1") == "E"


def test_a_negative_example_pushes_the_reading_away():
    top = _index([]).read(TEXT, district="D").categories[0].code
    against = TextExample(text=TEXT, category=top, district="D", weight=-1.0)
    idx = _index([against])

    assert _probability(idx, "D", top) < _probability(_index([]), "D", top)
    assert _probability(idx, "E", top) == _probability(_index([]), "E", top)


def test_many_examples_saying_the_same_pull_no_harder_than_a_bound():
    one = TextExample(text="楼道的灯坏了不亮", category="household_help", district="D")
    vectorizer, _ = textmod.Vectorizer.fit_transform([one.text, TEXT])
    codes = [c.code for c in standard().categories]
    texts = vectorizer.transform([one.text])

    few = ExampleMemory([one], vectorizer=vectorizer, codes=codes).shift(texts, "D")
    many = ExampleMemory([one] * 300, vectorizer=vectorizer, codes=codes).shift(texts, "D")

    assert 0 < few.max() < many.max() <= EXAMPLE_PULL
