"""Importing the engine is cheap and pure: no Django, no tokenizer loaded until needed."""

from __future__ import annotations

from tests.fresh import run_fresh


def test_importing_the_engine_does_not_import_django_or_load_jieba():
    code = (
        "import sys\n"
        "import matching.engine.ranking, matching.engine.baselines, matching.engine.metrics\n"
        "import matching.engine.evaluation, matching.engine.interchange\n"
        "print('django' in sys.modules, 'jieba' in sys.modules, 'networkx' in sys.modules)\n"
    )
    result = run_fresh(code)
    assert result.stdout.split() == ["False", "False", "False"]


def test_building_an_index_prints_nothing_on_stderr():
    code = (
        "from matching.engine.interchange import load_standard\n"
        "from matching.engine.ranking import MatchIndex\n"
        "from matching.engine.types import OfferingFacts, PartnerFacts\n"
        "idx = MatchIndex.build(standard=load_standard(), places=[],"
        " partners=[PartnerFacts('P', 'p', 'verified')],"
        " offerings=[OfferingFacts('O', 'P', '上门理发', category='haircut')])\n"
        "print(idx.suggest_categories('想理发')[0].code)\n"
    )
    result = run_fresh(code)
    assert result.stdout.strip() == "haircut"
    assert result.stderr == ""


def _fresh(code: str) -> list[str]:
    return run_fresh(code).stdout.split()


def test_words_taught_before_the_first_cut_wait_for_the_dictionary_and_are_kept_whole():
    # 适老化改造 (fitting a home for old age) is cut into pieces by jieba's own dictionary.
    assert _fresh(
        "from matching.engine import text\nprint('适老化改造' in text.words('想做适老化改造'))\n"
    ) == ["False"]
    assert _fresh(
        "from matching.engine import text\n"
        "text.add_words(['适老化改造'])\n"
        "print(text.loaded())\n"
        "print('适老化改造' in text.words('想做适老化改造'), text.loaded())\n"
    ) == ["False", "True", "True"]
