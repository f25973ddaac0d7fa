"""An index saved as a snapshot and opened again (memory-mapped, read-only) reads texts,
ranks needs and takes updates exactly as the index it was saved from; a snapshot that is
partial or altered is refused, never used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import mmap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matching.engine import snapshot
from matching.engine.interchange import facts_from_document
from matching.engine.ranking import MatchIndex, _Partners
from matching.engine.rows import LazyRows
from matching.engine.types import TextExample
from tests.fresh import run_fresh
from tests.matching.engine.builders import standard

DEV = Path("/work/shared/data/dev")
TODAY = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def district():
    if not DEV.exists():
        pytest.skip("development data not present at /work/shared")
    facts = facts_from_document(json.loads((DEV / "region.json").read_text(encoding="utf-8")))
    district_code = next(p.code for p in facts.places if p.level == "district")
    examples = [
        TextExample(
            text="楼道里的灯坏了好几天",
            category=facts.offerings[0].category or "",
            district=district_code,
        )
    ]
    index = MatchIndex.build(
        standard=standard(),
        places=facts.places,
        partners=facts.partners,
        offerings=facts.offerings,
        examples=examples,
    )
    return facts, index, district_code


@pytest.fixture
def saved(district, tmp_path):
    _facts, index, _code = district
    path = tmp_path / "snapshot"
    assert snapshot.save(index, path, meta={"version": 7})
    return path


def _rankings(index: MatchIndex, needs: Any) -> list[Any]:
    return [
        [(m.offering, round(m.score, 9), [r.code for r in m.reasons]) for m in r.matches]
        for r in index.rank_many(needs, limit=10, today=TODAY)
    ]


def test_a_loaded_snapshot_ranks_every_need_as_the_built_index(district: Any, saved: Path) -> None:
    facts, built, _code = district
    loaded = snapshot.load(saved)
    assert loaded.offering_codes == built.offering_codes
    assert _rankings(loaded, facts.needs) == _rankings(built, facts.needs)
    one = facts.needs[3]
    assert loaded.rank(one, limit=5, today=TODAY) == built.rank(one, limit=5, today=TODAY)


def test_a_loaded_snapshot_reads_text_and_district_examples_as_built(
    district: Any, saved: Path
) -> None:
    _facts, built, code = district
    loaded = snapshot.load(saved)
    for text in ("楼道里的灯坏了好几天", "老人腿脚不好，想有人上门理发", "孩子放学没人管"):
        assert loaded.read(text, district=code) == built.read(text, district=code)
        assert loaded.read(text) == built.read(text)


def test_a_loaded_classifier_reads_single_characters_as_built(district: Any, saved: Path) -> None:
    """The classifier's vocabulary holds single characters (药, 钱): an opened snapshot
    keeps reading them, not only its words and pairs."""
    _facts, built, _code = district
    texts = ["药太多了", "缺钱", "老人家的椅子坏了"]
    made = built.parts().model.classifier
    opened = snapshot.load(saved).parts().model.classifier
    assert made is not None
    assert opened is not None
    assert opened.vectorizer.characters
    assert np.array_equal(opened.log_probabilities(texts), made.log_probabilities(texts))


def test_a_process_opening_a_snapshot_reads_with_the_saved_classifier(
    district: Any, saved: Path
) -> None:
    """The catalogue's classifier is saved with the snapshot: a process that opens it reads
    as the index was built, and neither fits the classifier nor imports scikit-learn."""
    _facts, built, _code = district
    text = "对方自称是警察，要我把存款转进安全账户"
    script = (
        "import json, sys\n"
        "from matching.engine import snapshot\n"
        f"reading = snapshot.load({str(saved)!r}).read({text!r})\n"
        "first = reading.categories[0]\n"
        "print(json.dumps([first.code, first.probability, 'sklearn' in sys.modules]))\n"
    )
    done = run_fresh(script)
    code, probability, imported = json.loads(done.stdout.strip().splitlines()[-1])
    expected = built.read(text).categories[0]
    assert (code, probability) == (expected.code, expected.probability)
    assert imported is False


def test_a_loaded_snapshots_arrays_are_mapped_read_only(saved: Path) -> None:
    loaded = snapshot.load(saved)
    capacity = loaded.parts().arrays["capacity_left"]
    assert _mapped(capacity)
    assert not capacity.flags.writeable


def _mapped(array: Any) -> bool:
    """Whether ``array`` reads a memory map: itself or an array it views."""
    while array is not None:
        if isinstance(array, np.memmap | mmap.mmap):
            return True
        array = getattr(array, "base", None)
    return False


def test_a_loaded_snapshot_takes_updates(district: Any, saved: Path) -> None:
    facts, built, _code = district
    loaded = snapshot.load(saved)
    first = facts.offerings[0]
    changed = dataclasses.replace(first, capacity_left=0)
    after_built = built.with_offerings([changed]).with_capacity({facts.offerings[1].code: 0})
    after_loaded = loaded.with_offerings([changed]).with_capacity({facts.offerings[1].code: 0})
    assert _rankings(after_loaded, facts.needs[:20]) == _rankings(after_built, facts.needs[:20])


def test_the_manifest_keeps_what_it_was_given(saved: Path) -> None:
    assert snapshot.manifest(saved)["meta"] == {"version": 7}


def test_a_second_save_to_the_same_place_writes_nothing(district: Any, saved: Path) -> None:
    _facts, index, _code = district
    before = snapshot.manifest(saved)
    assert not snapshot.save(index, saved, meta={"version": 8})
    assert snapshot.manifest(saved) == before


def test_an_altered_array_is_refused(saved: Path) -> None:
    target = saved / "offerings.capacity_left.npy"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(snapshot.SnapshotError, match="offerings.capacity_left.npy"):
        snapshot.load(saved)


def test_a_truncated_file_is_refused(saved: Path) -> None:
    target = saved / "facts.json"
    target.write_bytes(target.read_bytes()[:100])
    with pytest.raises(snapshot.SnapshotError, match="facts.json has 100 bytes"):
        snapshot.load(saved)


def test_a_snapshot_without_its_manifest_is_refused(saved: Path) -> None:
    (saved / snapshot.MANIFEST).unlink()
    with pytest.raises(snapshot.SnapshotError, match="no readable manifest"):
        snapshot.load(saved)


def test_a_missing_file_is_refused(saved: Path) -> None:
    (saved / "model.idf.npy").unlink()
    with pytest.raises(snapshot.SnapshotError, match="model.idf.npy is missing"):
        snapshot.load(saved)


def test_an_update_gives_the_arrays_a_full_recompute_gives(district: Any, saved: Path) -> None:
    """Updates join the kept rows and the new ones instead of reading every offering
    again; the result is what computing every array from the facts gives."""
    facts, built, _code = district
    offerings = list(facts.offerings)
    removed = [o.code for o in offerings[5:40]]
    changed = [
        dataclasses.replace(o, capacity_left=o.capacity_left + 3, title=o.title + "（周末）")
        for o in offerings[100:130]
    ]
    new = [
        dataclasses.replace(o, code=f"{o.code}-NEW", area_codes=frozenset({facts.places[-1].code}))
        for o in offerings[200:210]
    ]
    after = [o for o in offerings if o.code not in set(removed) | {c.code for c in changed}]
    after += [*changed, *new]
    for index in (built, snapshot.load(saved)):
        updated = index.with_offerings([*changed, *new], removed)
        model = updated._model
        reference = updated._copy(
            offerings=MatchIndex._offering_arrays(
                after,
                model.vectorizer.transform(
                    [o.title + " " + o.description + " " + " ".join(sorted(o.tags)) for o in after]
                ),
                model,
                updated._partners,
                updated._beneficiary_bit,
                model.codes,
            )
        )
        assert updated.offering_codes == tuple(o.code for o in after)
        assert _rankings(updated, facts.needs) == _rankings(reference, facts.needs)
        assert updated.summaries() == reference.summaries()
        for code in (*removed[:3], changed[0].code, new[0].code):
            assert (code in updated.eligible(facts.needs[0])) == (
                code in reference.eligible(facts.needs[0])
            )


def test_a_loaded_snapshot_keeps_its_partners_facts_unread(district: Any, saved: Path) -> None:
    """A city's partners are kept as arrays and lines of JSON: ranking, and a partner
    whose load moves, decode none of the others."""
    facts, _built, _code = district
    loaded = snapshot.load(saved)
    kept = loaded._partners.facts
    assert isinstance(kept, LazyRows)
    loaded.rank_many(facts.needs[:20], limit=10, today=TODAY)
    moved = dataclasses.replace(facts.partners[3], load=facts.partners[3].load + 5)
    after = loaded.with_partners([moved])
    assert kept._cache == {}
    assert after._partners.facts[3] == moved
    assert after._partners.facts[4] == facts.partners[4]


def test_a_loaded_snapshot_takes_partners_changed_and_added_as_built(
    district: Any, saved: Path
) -> None:
    """Known partners change in place and new ones follow the others, on a built index
    and a loaded one alike: the partners' arrays are those built from the facts anew."""
    facts, built, _code = district
    partners = list(facts.partners)
    suspended = dataclasses.replace(partners[0], status="suspended")
    busier = dataclasses.replace(partners[1], load=partners[1].load + 40, reliability=0.2)
    newcomer = dataclasses.replace(partners[2], code="NEW-PARTNER", name="新来的合伙人")
    owned = dataclasses.replace(facts.offerings[0], code="NEW-OFFERING", partner="NEW-PARTNER")
    expected = [suspended, busier, *partners[2:], newcomer]
    results = []
    for index in (built, snapshot.load(saved)):
        grown = (
            index.with_partners([suspended, busier])
            .with_offerings([owned])
            .with_partners([newcomer, busier])
        )
        fresh = _Partners.build(expected)
        assert grown._partners.codes == fresh.codes
        assert grown._partners.position == fresh.position
        assert grown._partners.status == fresh.status
        assert list(grown._partners.facts) == expected
        for name, array in fresh.arrays().items():
            np.testing.assert_array_equal(getattr(grown._partners, name), array)
        rows = grown._offerings.partner
        assert rows[grown._offerings.position["NEW-OFFERING"]] == fresh.position["NEW-PARTNER"]
        results.append(
            (
                _rankings(grown, facts.needs[:30]),
                grown.rank(facts.needs[0], limit=3, explain=True, today=TODAY).excluded,
            )
        )
    assert results[0] == results[1]


def test_a_process_counting_reach_over_a_snapshot_never_loads_the_segmenter(
    district: Any, saved: Path
) -> None:
    facts, built, _code = district
    communities = [p.code for p in facts.places if p.level == "community"][:5]
    code = (
        "import datetime as dt, sys\n"
        "from matching.engine import snapshot, text\n"
        f"index = snapshot.load({str(saved)!r})\n"
        f"counts = index.reach_counts({communities!r}, start=dt.date(2026, 10, 1),"
        " end=dt.date(2026, 12, 31))\n"
        "print(int(counts.offerings.sum()), text.loaded(), 'jieba' in sys.modules)\n"
        "print(index.read('老人腿脚不好，想有人上门理发', limit=1).categories[0].code,"
        " text.loaded())\n"
    )
    result = run_fresh(code)
    counted = built.reach_counts(communities, start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
    reading = built.read("老人腿脚不好，想有人上门理发", limit=1).categories[0].code
    assert result.stdout.split() == [
        str(int(counted.offerings.sum())),
        "False",
        "False",
        reading,
        "True",
    ]
