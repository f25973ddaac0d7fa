"""Forms of the centres' pages: booking a room, adding one."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.services import MAX_WEEKS


class BookingForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("用途"), max_length=200, help_text=_("例如：少儿舞蹈班"))
    weeks = forms.IntegerField(
        label=_("每周重复（次）"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=_("1 表示只订这一次；如每周二一次、整个季度，填 13"),
    )
    partner = forms.ChoiceField(label=_("为哪个合伙人预约"), required=False)
    skip_clashes = forms.BooleanField(label=_("跳过已被预约的时段，只订空闲的"), required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = cast(forms.ChoiceField, self.fields["partner"])
        if partners:
            choice.choices = [("", _("不为合伙人（社区或居民活动）")), *partners]
        else:
            del self.fields["partner"]

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(dt.datetime.combine(data["day"], data["start"]), tz),
            timezone.make_aware(dt.datetime.combine(data["day"], data["end"]), tz),
        )


class RoomForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    capacity = forms.IntegerField(label=_("可容纳人数"), min_value=1, max_value=10_000)
    equipment = forms.CharField(label=_("设备"), max_length=300, required=False)
    opens = forms.TimeField(
        label=_("每日开放"), initial=dt.time(8, 30), widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes = forms.TimeField(
        label=_("每日关闭"), initial=dt.time(21, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    open_booking = forms.BooleanField(label=_("开放预约（时段空闲即自动批准）"), required=False)
    centre = forms.ChoiceField(label=_("所在中心"))

    def __init__(self, *args: Any, centres: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["centre"]).choices = centres
