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


def slots_from_choices(values: list[str], kept: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The slots the ticked boxes stand for, after the ``kept`` slots the grid cannot show."""
    slots = list(kept)
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
