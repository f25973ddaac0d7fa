"""Forms of the liaison meeting pages; the rules are in ``needs.services`` and
``meetings.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from needs.models import AgendaItem, MeetingExport
from partners.models import Category, Community, Partner


class MeetingForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(), label=_("社区"), to_field_name="code"
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("开始时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("结束时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    attendees = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.none(),
        label=_("邀请的合伙人"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        communities: QuerySet[Community],
        partners: QuerySet[Partner],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = partners  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "community": c["community"].code,
            "title": c["title"],
            "date": c["date"],
            "start_time": c["start_time"],
            "end_time": c["end_time"],
            "place": c["place"],
            "attendees": [p.code for p in c["attendees"]],
        }


class ItemForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(
        label=_("会议记录"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AddItemForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[(k, AgendaItem.Kind(k).label) for k in ("other", "decision")],
        initial="other",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[
            (d, AgendaItem.Decision(d).label) for d in ("taken", "deferred", "closed", "noted")
        ],
    )
    offering = forms.CharField(label=_("承接的资源编码"), required=False, max_length=64)
    quantity = forms.IntegerField(label=_("数量"), required=False, min_value=1)
    minutes = forms.CharField(
        label=_("会议记录"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RaiseNeedForm(forms.Form):
    title = forms.CharField(label=_("需求"), max_length=200)
    description = forms.CharField(
        label=_("描述"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), label=_("服务类别"), required=False
    )
    quantity = forms.IntegerField(label=_("数量"), min_value=1, initial=1)
    window_start = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    window_end = forms.DateField(
        label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes = forms.CharField(
        label=_("会议记录"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {
            "title": c["title"],
            "description": c["description"],
            "quantity": c["quantity"],
            "window_start": c["window_start"],
            "window_end": c["window_end"],
        }
        if c["category"] is not None:
            data["category"] = c["category"].code
        return data


class ExportForm(forms.Form):
    document = forms.ChoiceField(choices=MeetingExport.Document.choices, initial="agenda")
    format = forms.ChoiceField(choices=MeetingExport.Format.choices)
