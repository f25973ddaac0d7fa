"""Each soft signal orders offerings that all pass the hard rules."""

from __future__ import annotations

from tests.matching.engine.builders import (
    CENTRE,
    KM_NORTH,
    WEEKDAY_DAYTIME,
    WEEKEND_DAYTIME,
    index,
    need,
    offering,
    partner,
    ranked,
)


def test_same_category_ranks_above_related():
    idx = index(
        [
            offering("UNRELATED", category="legal_aid", title="法律咨询", description="律师答疑"),
            offering(
                "RELATED", category="household_help", title="缝补衣物", description="缝缝补补"
            ),
            offering("SAME", title="剪发", description="剪发"),
        ]
    )
    # The unrelated one is below the relevance floor (tests/matching/engine/
    # test_relevance_floor.py): not proposed at all.
    assert ranked(idx, need()) == ["SAME", "RELATED"]


def test_offering_for_the_needs_beneficiaries_ranks_first():
    idx = index(
        [
            offering("KIDS", beneficiaries=frozenset({"children"})),
            offering("ELDERLY", beneficiaries=frozenset({"elderly"})),
            offering("EVERYONE", beneficiaries=frozenset({"all"})),
        ]
    )
    top = ranked(idx, need(beneficiaries=frozenset({"elderly"})))
    assert top[-1] == "KIDS"
    assert set(top[:2]) == {"ELDERLY", "EVERYONE"}


def test_weekly_overlap_with_preferred_slots_ranks_first():
    idx = index(
        [
            offering("WEEKDAYS", availability=WEEKDAY_DAYTIME),
            offering("WEEKENDS", availability=WEEKEND_DAYTIME),
        ]
    )
    assert ranked(idx, need(preferred_slots=WEEKEND_DAYTIME)) == ["WEEKENDS", "WEEKDAYS"]
    assert ranked(idx, need(preferred_slots=WEEKDAY_DAYTIME)) == ["WEEKDAYS", "WEEKENDS"]


def test_free_ranks_above_low_cost_above_paid():
    idx = index(
        [
            offering("PAID", cost="paid"),
            offering("LOW", cost="low_cost"),
            offering("FREE", cost="free"),
        ]
    )
    assert ranked(idx, need()) == ["FREE", "LOW", "PAID"]


def test_nearer_partner_ranks_first():
    idx = index(
        [offering("FAR", partner="FAR"), offering("NEAR", partner="NEAR")],
        [partner("FAR", lat=CENTRE[0] + 6 * KM_NORTH), partner("NEAR")],
    )
    assert ranked(idx, need()) == ["NEAR", "FAR"]


def test_more_reliable_partner_ranks_first():
    idx = index(
        [offering("A", partner="A"), offering("B", partner="B")],
        [partner("A", reliability=0.3), partner("B", reliability=0.95)],
    )
    assert ranked(idx, need()) == ["B", "A"]


def test_partner_shown_often_ranks_a_little_lower():
    idx = index(
        [offering("BUSY", partner="BUSY"), offering("IDLE", partner="IDLE")],
        [partner("BUSY", load=12), partner("IDLE", load=0)],
    )
    assert ranked(idx, need()) == ["IDLE", "BUSY"]


def test_load_does_not_outweigh_a_better_fit():
    idx = index(
        [
            offering("BUSY-FREE", partner="BUSY"),
            offering("IDLE-PAID", partner="IDLE", cost="paid"),
        ],
        [partner("BUSY", load=50), partner("IDLE", load=0)],
    )
    assert ranked(idx, need()) == ["BUSY-FREE", "IDLE-PAID"]


def test_closer_text_ranks_first_among_equal_fits():
    idx = index(
        [
            offering("VAGUE", title="便民服务", description="各类便民服务"),
            offering("CLOSE", title="上门理发", description="为卧床老人上门理发剪头发"),
        ]
    )
    n = need(title="卧床老人想剪头发", description="老人卧床，头发太长")
    assert ranked(idx, n)[0] == "CLOSE"
