"""Each hard rule keeps an offering out of a need's matches, whatever its score."""

from __future__ import annotations

import datetime as dt

from tests.matching.engine.builders import CENTRE, KM_NORTH, index, need, offering, partner, ranked


def test_offering_valid_only_before_the_window_is_not_proposed():
    idx = index([offering("OK"), offering("OLD", valid_until=dt.date(2026, 9, 30))])
    assert ranked(idx, need()) == ["OK"]


def test_offering_starting_after_the_window_is_not_proposed():
    idx = index([offering("OK"), offering("LATE", valid_from=dt.date(2027, 1, 1))])
    assert ranked(idx, need()) == ["OK"]


def test_offering_overlapping_part_of_the_window_is_proposed():
    idx = index([offering("PART", valid_until=dt.date(2026, 10, 15))])
    assert ranked(idx, need()) == ["PART"]


def test_today_excludes_offerings_already_expired():
    idx = index([offering("OK"), offering("ENDED", valid_until=dt.date(2026, 11, 1))])
    assert ranked(idx, need(), today=dt.date(2026, 11, 2)) == ["OK"]
    assert set(ranked(idx, need())) == {"OK", "ENDED"}


def test_offering_without_an_accepted_mode_is_not_proposed():
    idx = index(
        [
            offering("HOME", modes=frozenset({"home_visit"})),
            offering("SHOP", modes=frozenset({"at_partner"})),
        ]
    )
    assert ranked(idx, need(modes=frozenset({"home_visit"}))) == ["HOME"]


def test_need_without_modes_accepts_any_mode():
    idx = index([offering("SHOP", modes=frozenset({"at_partner"}))])
    assert ranked(idx, need(modes=frozenset())) == ["SHOP"]


def test_listed_street_covers_its_communities_and_stations_only():
    idx = index([offering("S1", area_codes=frozenset({"D-S1"}))])
    assert ranked(idx, need(community="D-S1-C2")) == ["S1"]
    assert ranked(idx, need(community="D-S1-C1-X1")) == ["S1"]
    assert ranked(idx, need(community="D-S2-C1")) == []


def test_listed_district_covers_every_community():
    idx = index([offering("ALL", area_codes=frozenset({"D"}))])
    assert ranked(idx, need(community="D-S2-C1")) == ["ALL"]


def test_radius_is_measured_from_the_partner():
    near = partner("NEAR")  # 2 km from D-S1-C2
    far = partner("FAR", lat=CENTRE[0] + 6 * KM_NORTH)  # 4 km from D-S1-C2
    idx = index(
        [
            offering("R-NEAR", partner="NEAR", area_codes=frozenset(), radius_km=3.0),
            offering("R-FAR", partner="FAR", area_codes=frozenset(), radius_km=3.0),
        ],
        [near, far],
    )
    assert ranked(idx, need(community="D-S1-C2")) == ["R-NEAR"]


def test_online_offering_serves_everywhere_when_the_need_accepts_online():
    online = offering(
        "WEB",
        area_codes=frozenset({"D-S1-C2"}),
        modes=frozenset({"online"}),
    )
    idx = index([online])
    assert ranked(idx, need(modes=frozenset({"online", "at_center"}))) == ["WEB"]
    assert ranked(idx, need(modes=frozenset())) == ["WEB"]
    assert ranked(idx, need(modes=frozenset({"at_center"}))) == []


def test_offering_of_unverified_or_suspended_partner_is_not_proposed():
    idx = index(
        [offering("OK"), offering("WAIT", partner="P2"), offering("STOP", partner="P3")],
        [partner("P1"), partner("P2", status="pending"), partner("P3", status="suspended")],
    )
    assert ranked(idx, need()) == ["OK"]


def test_offering_with_no_capacity_left_is_not_proposed():
    idx = index([offering("OK"), offering("FULL", capacity_left=0)])
    assert ranked(idx, need()) == ["OK"]


def test_eligible_lists_exactly_the_offerings_passing_every_rule():
    idx = index(
        [
            offering("OK"),
            offering("FULL", capacity_left=0),
            offering("AWAY", area_codes=frozenset({"D-S2"})),
            # An unrelated category is still eligible: categories are a soft signal.
            offering("OTHER", category="legal_aid", title="律师咨询", description="法律咨询"),
        ]
    )
    assert idx.eligible(need()) == ("OK", "OTHER")
