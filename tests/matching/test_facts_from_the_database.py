"""The engine's facts are read from the database in a fixed number of queries, with
service areas, tags, capacity left, reliability and load."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching import facts
from matching.engine.types import Slot
from needs.models import Project
from needs.selectors import partner_reliability
from tests.factories import NeedFactory, OfferingFactory, ProjectFactory

from .conftest import serve

pytestmark = pytest.mark.django_db


def count_queries(load: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        load()
    return len(ctx)


def test_query_count_does_not_grow_with_offerings(district: Any) -> None:
    def everything() -> None:
        facts.load_standard()
        facts.load_places()
        facts.load_partners()
        facts.load_offerings()

    everything()  # content types are cached after the first read
    few = count_queries(everything)
    for n in range(40):
        offering = serve(OfferingFactory.create(code=f"O-X{n:02d}"), district["tree"]["C11"])
        offering.tags.add("义诊", f"标签{n}")
    assert count_queries(everything) == few
    codes = [f"O-X{n:02d}" for n in range(40)]
    assert count_queries(lambda: facts.load_offerings(codes[:2])) == count_queries(
        lambda: facts.load_offerings(codes)
    )


def test_offering_facts_carry_area_tags_slots_and_capacity_left(district: Any) -> None:
    offering = district["offerings"]["health_s1"]
    offering.tags.add("测血压", "义诊")
    offering.availability = [{"weekday": 3, "start": "09:00", "end": "11:30"}]
    offering.save()
    ProjectFactory.create(offering=offering, quantity=3, status=Project.Status.ACCEPTED)
    ProjectFactory.create(offering=offering, quantity=1, status=Project.Status.PROPOSED)
    (fact,) = facts.load_offerings(["O-HEALTH-S1"])
    assert fact.partner == "P-CLINIC"
    assert fact.area_codes == frozenset({"BA-S1"})
    assert fact.tags == frozenset({"测血压", "义诊"})
    assert fact.availability == (Slot(3, 540, 690),)
    assert (fact.capacity, fact.capacity_left) == (4, 1)
    assert facts.capacity_left(["O-HEALTH-S1"]) == {"O-HEALTH-S1": 1}


def test_offerings_sharing_or_not_their_modes_groups_and_hours_each_read_their_own(
    district: Any,
) -> None:
    hours = [{"weekday": 1, "start": "08:30", "end": "10:00"}]
    written = {
        "O-J1": (["home_visit", "at_center"], ["elderly"], hours),
        "O-J2": (["home_visit", "at_center"], ["elderly"], hours),
        "O-J3": (["online"], ["children", "families"], []),
        "O-J4": ([], [], [*hours, {"weekday": 6, "start": "14:00", "end": "16:00"}]),
    }
    for code, (modes, groups, slots) in written.items():
        OfferingFactory.create(code=code, modes=modes, beneficiaries=groups, availability=slots)

    read = {o.code: o for o in facts.load_offerings(sorted(written))}
    everything = {o.code: o for o in facts.load_offerings() if o.code in written}

    for code, (modes, groups, slots) in written.items():
        for fact in (read[code], everything[code]):
            assert fact.modes == frozenset(modes)
            assert fact.beneficiaries == frozenset(groups)
            assert fact.availability == facts.slots_of(slots)
    assert read["O-J4"].availability == (Slot(1, 510, 600), Slot(6, 840, 960))


def test_partner_load_counts_the_work_dispatched_to_it(district: Any) -> None:
    offering = district["offerings"]["health_s1"]
    ProjectFactory.create(offering=offering, status=Project.Status.DISPATCHED)
    ProjectFactory.create(offering=offering, status=Project.Status.DELIVERED)
    ProjectFactory.create(offering=offering, status=Project.Status.DECLINED)
    ProjectFactory.create(offering=offering, status=Project.Status.PROPOSED)  # not handed over yet
    ProjectFactory.create(offering=district["offerings"]["law"], status=Project.Status.DISPATCHED)
    long_ago = ProjectFactory.create(offering=offering, status=Project.Status.DELIVERED)
    Project.objects.filter(pk=long_ago.pk).update(
        created_at=timezone.now() - facts.LOAD_WINDOW - dt.timedelta(days=1)
    )
    partners = {p.code: p for p in facts.load_partners()}
    assert partners["P-CLINIC"].load == 3
    assert partners["P-LAW"].load == 1
    assert partners["P-FIX"].load == 0
    (only,) = facts.load_partners(["P-CLINIC"])
    assert only.load == 3


def test_partner_reliability_comes_from_its_history(district: Any) -> None:
    clinic = district["clinic"]
    ProjectFactory.create(
        offering=district["offerings"]["health_s1"], status=Project.Status.DECLINED
    )
    partners = {p.code: p for p in facts.load_partners()}
    expected = partner_reliability(partner_ids=[clinic.pk])[clinic.pk]
    assert expected is not None
    assert partners["P-CLINIC"].reliability == pytest.approx(expected)
    assert partners["P-LAW"].reliability is None, "no history yet"
    (only,) = facts.load_partners(["P-CLINIC"])
    assert only == partners["P-CLINIC"]


def test_need_facts_read_the_need(district: Any) -> None:
    need = NeedFactory.create(
        code="N-F",
        community=district["tree"]["X1"],
        preferred_slots=[{"weekday": 6, "start": "14:00", "end": "16:00"}],
        quantity=3,
        priority="urgent",
    )
    need.tags.add("血压")
    fact = facts.need_facts(need)
    assert (fact.code, fact.community, fact.category) == ("N-F", "BA-S1-C1-X1", None)
    assert fact.tags == frozenset({"血压"})
    assert fact.preferred_slots == (Slot(6, 840, 960),)
    assert (fact.quantity, fact.priority) == (3, "urgent")
    assert fact.modes == frozenset({"at_center"})
    assert facts.needs_facts(type(need).objects.filter(code="N-F")) == [fact]
