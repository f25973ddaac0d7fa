"""A synthetic district is a function of its arguments: same seed, same document."""

from synthetic import generate_region


def test_same_seed_gives_the_same_document() -> None:
    first = generate_region(offerings=300, needs=80, seed=11)
    again = generate_region(offerings=300, needs=80, seed=11)
    assert first == again


def test_another_seed_gives_another_district() -> None:
    first = generate_region(offerings=300, needs=80, seed=11)
    other = generate_region(offerings=300, needs=80, seed=12)
    assert first["offerings"] != other["offerings"]


def test_document_has_the_requested_size() -> None:
    doc = generate_region(offerings=170, needs=45, seed=3, partners=40)
    assert doc["format"] == "jinlin-interchange/1"
    assert (len(doc["offerings"]), len(doc["needs"]), len(doc["partners"])) == (170, 45, 40)
    assert {p["kind"] for p in doc["partners"]} == {"unit", "social_org", "resident"}
    assert doc["meetings"]


def test_partner_count_defaults_to_about_one_per_one_and_a_half_offerings() -> None:
    doc = generate_region(offerings=340, needs=10, seed=5)
    assert len(doc["partners"]) == 200
