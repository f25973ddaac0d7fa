"""Every code in a generated document is unique and every reference points inside it."""

import datetime as dt
import re

from synthetic import generate_region

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def test_codes_are_unique_and_carry_the_prefix() -> None:
    doc = generate_region(offerings=400, needs=120, seed=4, prefix="QX")
    for kind in ("communities", "partners", "offerings", "meetings", "needs"):
        codes = [r["code"] for r in doc[kind]]
        assert len(codes) == len(set(codes)), kind
        assert all(c == "QX" or c.startswith("QX-") for c in codes), kind


def test_references_resolve() -> None:
    doc = generate_region(offerings=400, needs=120, seed=4)
    levels = {c["code"]: c["level"] for c in doc["communities"]}
    parents = {c["code"]: c["parent"] for c in doc["communities"]}
    partners = {p["code"] for p in doc["partners"]}
    meetings = {m["code"]: m for m in doc["meetings"]}
    assert all(p is None or p in levels for p in parents.values())
    assert all(p["community"] in levels for p in doc["partners"])
    assert all(MOBILE.match(p["phone"]) for p in doc["partners"])
    for offering in doc["offerings"]:
        assert offering["partner"] in partners
        assert all(c in levels for c in offering["service_area"].get("communities", []))
    for meeting in doc["meetings"]:
        assert levels[meeting["community"]] == "community"
        assert set(meeting["attendees"]) <= partners
    for need in doc["needs"]:
        assert levels[need["community"]] in ("community", "station")
        if need["meeting"] is not None:
            assert need["source"] == "meeting"
            home = need["community"]
            if levels[home] == "station":
                home = parents[home]
            assert meetings[need["meeting"]]["community"] == home


def test_needs_fall_inside_the_quarter() -> None:
    start = dt.date(2027, 1, 1)
    doc = generate_region(offerings=100, needs=100, seed=6, start=start)
    for need in doc["needs"]:
        window = need["window"]
        assert str(start) <= window["start"] <= window["end"] <= "2027-03-31"
    assert all(m["title"].find("2027年第一季度") >= 0 for m in doc["meetings"])
