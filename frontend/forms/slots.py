"""Weekly time slots as a grid of weekday × part of day, which is how people plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

WEEKDAYS = (
    (1, _("周一")),
    (2, _("周二")),
    (3, _("周三")),
    (4, _("周四")),
    (5, _("周五")),
    (6, _("周六")),
    (7, _("周日")),
)
PERIODS = (
    ("am", _("上午"), "09:00", "12:00"),
    ("pm", _("下午"), "14:00", "17:00"),
    ("eve", _("晚上"), "19:00", "21:00"),
)
_PERIOD_TIMES = {key: (start, end) for key, _label, start, end in PERIODS}


def slot_choices() -> list[tuple[str, Any]]:
    return [
        (f"{day}-{key}", f"{day_label} {label}")
        for day, day_label in WEEKDAYS
        for key, label, _start, _end in PERIODS
    ]


def slots_from_choices(values: list[str], kept: list[str]) -> list[dict[str, Any]]:
    """The slots the ticked boxes stand for, after the other slots still ticked (``kept``,
    values of :class:`OtherSlotsField`): what is saved is what the form showed ticked."""
    slots = [slot_from_value(value) for value in kept]
    for value in values:
        day, _sep, key = value.partition("-")
        start, end = _PERIOD_TIMES[key]
        slots.append({"weekday": int(day), "start": start, "end": end})
    return slots


def choices_from_slots(slots: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The boxes to tick for stored slots, and the slots that match no box (kept as they are)."""
    ticked: list[str] = []
    other: list[dict[str, Any]] = []
    by_times = {times: key for key, times in _PERIOD_TIMES.items()}
    for slot in slots or []:
        key = by_times.get((str(slot.get("start")), str(slot.get("end"))))
        if key is None:
            other.append(slot)
        else:
            ticked.append(f"{slot.get('weekday')}-{key}")
    return ticked, other


class SlotGridField(forms.MultipleChoiceField):
    """Tick boxes, one per weekday and part of day."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=slot_choices, **kwargs)


_DAY_NAMES: dict[int, Any] = dict(WEEKDAYS)


def slot_value(slot: dict[str, Any]) -> str:
    """A stored slot as one choice value: ``1|09:00|11:30``."""
    return f"{slot.get('weekday')}|{slot.get('start')}|{slot.get('end')}"


def slot_from_value(value: str) -> dict[str, Any]:
    weekday, start, end = value.split("|")
    return {"weekday": int(weekday), "start": start, "end": end}


def slot_label(slot: dict[str, Any]) -> str:
    """``周一 09:00–11:30``."""
    weekday = slot.get("weekday")
    day = _DAY_NAMES[weekday] if isinstance(weekday, int) and weekday in _DAY_NAMES else weekday
    return f"{day} {slot.get('start')}–{slot.get('end')}"


class OtherSlotsField(forms.MultipleChoiceField):
    """The stored slots the grid has no box for (``周一 09:00–11:30``), each shown with
    its own box, ticked: kept while ticked, removed when unticked. Its choices are the
    record's own slots (:func:`show_other_slots`), so nothing else can be sent."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("choices", [])
        super().__init__(**kwargs)


def show_other_slots(form: forms.Form, name: str, other: list[dict[str, Any]]) -> None:
    """Offer the record's ``other`` slots in the form's field ``name``, ticked."""
    field = form.fields[name]
    assert isinstance(field, OtherSlotsField)  # noqa: S101 - a programming error otherwise
    field.choices = [(slot_value(s), slot_label(s)) for s in other]
    field.initial = [slot_value(s) for s in other]
