"""The weekly grid shows the hours an offering or a need holds, and saving the form keeps
exactly what it shows: hours that fit no box are listed as they are stored, each with
its own box, kept while ticked and removed when unticked."""

import re

import pytest
from django.urls import reverse

from frontend.forms.partners import OfferingForm
from needs.models import Need
from partners.models import Offering
from tests.factories import NeedFactory, OfferingFactory

pytestmark = pytest.mark.django_db

WEEKDAY_MORNINGS = [
    {"weekday": day, "start": "09:00", "end": "11:30"} for day in (1, 2, 3, 4, 5)
] + [{"weekday": 6, "start": "14:00", "end": "17:00"}]  # Saturday afternoon: a grid box


def _ticked(body: str, name: str) -> list[str]:
    return sorted(
        re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"[^>]* checked', body)
    )


def _form_fields(body: str) -> dict[str, list[str]]:
    """What the browser would send back as the form stands: every ticked box and the
    values of the plain inputs, selects and text areas."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="checkbox" name="([^"]+)" value="([^"]+)"[^>]* checked', body
    ):
        data.setdefault(name, []).append(value)
    for tag in re.findall(r"<input [^>]*>", body):
        kind = re.search(r'type="([^"]+)"', tag)
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and kind and kind.group(1) not in ("checkbox", "submit", "radio"):
            data.setdefault(name.group(1), []).append(value.group(1) if value else "")
    for name, inner in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]* selected', inner)
        data[name] = chosen[:1] or [""]
    for name, inner in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        data[name] = [inner.strip()]
    return data


@pytest.fixture
def morning_clinic(partner, tree):
    offering = OfferingFactory.create(code="O-AM", partner=partner, title="上午测血压")
    Offering.objects.filter(pk=offering.pk).update(availability=WEEKDAY_MORNINGS)
    offering.refresh_from_db()
    return offering


def test_the_offering_form_shows_the_hours_as_stored(client, member, morning_clinic):
    client.force_login(member)
    body = client.get(reverse("offering-change", args=[morning_clinic.code])).content.decode()
    assert _ticked(body, "availability") == ["6-pm"]
    assert _ticked(body, "availability_other") == [f"{day}|09:00|11:30" for day in (1, 2, 3, 4, 5)]
    assert "周一 09:00–11:30" in body
    assert "不选表示时间不限" not in body


def test_saving_unchanged_keeps_what_is_stored_and_unticking_removes(morning_clinic):
    form = OfferingForm(offering=morning_clinic)
    unchanged = {key: value for key, value in form.initial.items() if value is not None}
    unchanged["category"] = morning_clinic.category_id
    unchanged["availability_other"] = form.fields["availability_other"].initial
    bound = OfferingForm(data=_as_data(unchanged), offering=morning_clinic)
    assert bound.is_valid(), bound.errors
    assert _sorted(bound.data_for_service()["availability"]) == _sorted(WEEKDAY_MORNINGS)

    unchanged["availability_other"] = ["1|09:00|11:30"]  # only Monday morning left ticked
    unchanged["availability"] = []
    bound = OfferingForm(data=_as_data(unchanged), offering=morning_clinic)
    assert bound.is_valid(), bound.errors
    assert bound.data_for_service()["availability"] == [
        {"weekday": 1, "start": "09:00", "end": "11:30"}
    ]


def test_a_slot_the_record_does_not_hold_cannot_be_sent(morning_clinic):
    form = OfferingForm(offering=morning_clinic)
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["category"] = morning_clinic.category_id
    data["availability_other"] = ["3|01:00|02:00"]
    bound = OfferingForm(data=_as_data(data), offering=morning_clinic)
    assert not bound.is_valid()
    assert "availability_other" in bound.errors


def test_the_need_form_round_trips_its_preferred_hours(client, secretary, tree):
    need = NeedFactory.create(code="N-AM", community=tree["C11"], created_by=secretary)
    Need.objects.filter(pk=need.pk).update(preferred_slots=WEEKDAY_MORNINGS)
    client.force_login(secretary)
    body = client.get(reverse("need-change", args=[need.code])).content.decode()
    assert _ticked(body, "preferred_slots_other") == [
        f"{day}|09:00|11:30" for day in (1, 2, 3, 4, 5)
    ]
    client.post(reverse("need-change", args=[need.code]), _form_fields(body))
    need.refresh_from_db()
    assert _sorted(need.preferred_slots) == _sorted(WEEKDAY_MORNINGS)


def _as_data(values):
    data = {}
    for key, value in values.items():
        if hasattr(value, "pk"):
            value = value.pk
        data[key] = value
    return data


def _sorted(slots):
    return sorted((s["weekday"], s["start"], s["end"]) for s in slots)
