"""The generator's phrase pools load from its data file and the text stays reproducible."""

import json

import synthetic
from synthetic import generate_region

CATEGORY_POOLS = {"ot", "ob", "nt", "ns", "na", "unit"}


def test_every_category_of_the_standard_has_all_its_pools() -> None:
    codes = {c["code"] for c in synthetic._standard()["categories"]}
    assert set(synthetic.CONTENT) == codes
    for code, pools in synthetic.CONTENT.items():
        assert set(pools) == CATEGORY_POOLS, code
        assert all(pools[k] for k in CATEGORY_POOLS - {"unit"}), code


def test_pools_are_what_the_data_file_holds() -> None:
    data = json.loads(synthetic._PHRASES_FILE.read_text(encoding="utf-8"))
    assert data["content"] == synthetic.CONTENT
    assert [list(d) for d in synthetic._DISTRICTS] == data["districts"]
    assert "".join(synthetic._SURNAMES) == data["surnames"]
    assert set(synthetic._OFFER_LEADS) == {"unit", "social_org", "resident"}
    assert set(synthetic._NEED_OPENINGS) == {"meeting", "resident", "survey"}


def test_same_seed_composes_the_same_text() -> None:
    first = generate_region(offerings=200, needs=60, seed=31)
    again = generate_region(offerings=200, needs=60, seed=31)
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(
        again, ensure_ascii=False, sort_keys=True
    )
    titles = {o["title"] for o in first["offerings"]}
    assert titles <= {t for pools in synthetic.CONTENT.values() for t in pools["ot"]} | {
        f"公益{t}" for pools in synthetic.CONTENT.values() for t in pools["ot"]
    }
