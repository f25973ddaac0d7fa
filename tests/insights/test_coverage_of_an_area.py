"""Coverage of an area with known answers: which need units are open in the quarter, which
capacity can reach each community, and the gap."""

from __future__ import annotations

import datetime as dt
from typing import Any

from matching.engine.quarters import Quarter
from matching.engine.types import NeedFacts
from matching.facts import needs_as_read, needs_facts
from matching.index import current_index
from matching.insights.coverage import coverage_report
from needs.models import Need, Project
from tests.factories import NeedFactory, PartnerFactory, ProjectFactory
from tests.insights.conftest import Q4, rehab
from tests.matching.conftest import serve


def _table(report: Any) -> dict[tuple[str, str], tuple[int, int, int]]:
    return {
        (row["community"], row["category"]): (
            row["need_units"],
            row["reachable_capacity"],
            row["gap"],
        )
        for row in report.rows()
    }


def test_district_coverage_counts_open_units_and_reachable_capacity(area):
    report = coverage_report(scope=area["BA"], quarter=Q4)
    table = _table(report)
    assert [c.code for c in report.communities] == ["BA-S1-C1", "BA-S1-C2", "BA-S2-C1"]
    assert table[("BA-S1-C1", "rehab")] == (9, 4, 5)
    assert table[("BA-S1-C2", "rehab")] == (0, 4, 0)
    assert table[("BA-S2-C1", "rehab")] == (1, 7, 0)
    assert table[("BA-S1-C1", "health_checkup")] == (0, 3, 0)
    cell = report.cell("BA-S1-C1", "rehab")
    assert cell is not None
    assert set(cell.offerings) == {"O-STREET", "O-ONLINE"}
    assert cell.partners == ("P-A", "P-ONLINE")
    assert [(c.community, c.category, c.gap) for c in report.gaps()] == [("BA-S1-C1", "rehab", 5)]


def test_every_community_and_category_has_a_row(area):
    report = coverage_report(scope=area["S1"], quarter=Q4)
    rows = report.rows()
    assert len(rows) == 2 * len(report.categories)
    assert {r["community"] for r in rows} == {"BA-S1-C1", "BA-S1-C2"}
    assert report.rows(gaps_only=True) == [
        {
            "community": "BA-S1-C1",
            "community_name": "海裕社区",
            "category": "rehab",
            "category_name": "康复服务",
            "need_units": 9,
            "reachable_capacity": 4,
            "gap": 5,
            "offerings": 2,
            "partners": 2,
        }
    ]


def test_a_need_served_only_later_counts_as_open_in_the_earlier_quarter(area):
    c12 = area["C12"]
    need = NeedFactory.create(
        code="N-LATE",
        community=c12,
        category_id="rehab",
        quantity=2,
        window_start=dt.date(2026, 8, 1),
    )
    Need.objects.filter(pk=need.pk).update(created_at=dt.datetime(2026, 7, 20, tzinfo=dt.UTC))
    offering = serve(rehab("O-C12", PartnerFactory.create(code="P-C12"), 5), c12)
    ProjectFactory.create(need=need, offering=offering, quantity=2, status=Project.Status.ACCEPTED)
    q3 = _table(coverage_report(scope=area["S1"], quarter=Quarter(2026, 3)))
    q4 = _table(coverage_report(scope=area["S1"], quarter=Q4))
    assert q3[("BA-S1-C2", "rehab")][0] == 2
    assert q4[("BA-S1-C2", "rehab")][0] == 0


def test_a_need_raised_after_the_quarter_is_not_in_it(area):
    NeedFactory.create(
        code="N-NEW",
        community=area["C12"],
        category_id="rehab",
        quantity=3,
        window_start=dt.date(2026, 9, 1),
    )
    q3 = _table(coverage_report(scope=area["S1"], quarter=Quarter(2026, 3)))
    assert q3[("BA-S1-C2", "rehab")][0] == 0


def test_an_uncategorised_need_counts_in_the_category_read_from_its_text(area):
    NeedFactory.create(
        code="N-READ",
        community=area["C12"],
        category_id=None,
        title="术后老人需要康复训练",
        description="几位做完手术的老人想请康复师指导康复训练",
        quantity=2,
    )
    table = _table(coverage_report(scope=area["S1"], quarter=Q4))
    assert table[("BA-S1-C2", "rehab")][0] == 2


def test_needs_read_together_for_coverage_are_read_as_each_alone(area: dict[str, Any]) -> None:
    """Coverage loads only what reading needs takes (text, tags, beneficiaries, modes,
    community) and reads them together; each gets the category it gets read whole."""
    texts = [
        ("N-R1", "楼道的灯坏了", ["elderly"], ["home_visit"], ["楼道"]),
        ("N-R2", "孩子放学没人管", ["children"], ["at_center"], []),
        ("N-R3", "想学用手机挂号", [], [], ["手机", "挂号"]),
    ]
    for code, text, beneficiaries, modes, tags in texts:
        need = NeedFactory.create(
            code=code,
            community=area["C12"],
            category_id=None,
            title=text,
            beneficiaries=beneficiaries,
            modes=modes,
        )
        need.tags.add(*tags)
    needs = Need.objects.filter(code__in=[t[0] for t in texts]).order_by("code")
    light, whole = needs_as_read(needs), needs_facts(needs)

    def read_parts(f: NeedFacts) -> tuple[object, ...]:
        return (f.code, f.community, f.title, f.description, f.tags, f.beneficiaries, f.modes)

    assert [read_parts(f) for f in light] == [read_parts(f) for f in whole]
    assert light[0].tags == frozenset({"楼道"})
    index = current_index()
    assert index.read_categories(light) == [index.read_need(f) for f in whole]
