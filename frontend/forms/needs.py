"""The need form (需求) for secretaries and the request form (点单) for residents."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.forms.filters import filter_values
from frontend.forms.slots import (
    OtherSlotsField,
    SlotGridField,
    choices_from_slots,
    show_other_slots,
    slots_from_choices,
)
from needs.models import Need
from needs.services import NeedData
from partners.models import BeneficiaryGroup, Category, Community, DeliveryMode
from partners.selectors import standard_names

# Service field paths → form fields.
NEED_FIELD_MAP = {
    "window.start": "window_start",
    "window.end": "window_end",
    "window_start": "window_start",
    "window_end": "window_end",
    "preferred_slots": "preferred_slots",
}


def _standard_choices(model: type[BeneficiaryGroup] | type[DeliveryMode]) -> list[tuple[str, str]]:
    return list(standard_names(model).items())


class NeedForm(forms.Form):
    """What a community needs; residents see a shorter version (``for_resident``)."""

    community = forms.ModelChoiceField(
        label=_("社区"), queryset=Community.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("需求标题"),
        max_length=200,
        help_text=_("一句话说清楚需要什么，例如“独居老人每周上门理发”。"),
    )
    description = forms.CharField(
        label=_("详细描述"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("服务对象、地点、频次等。填写时系统会推荐服务类别。"),
    )
    category = forms.ModelChoiceField(
        label=_("服务类别"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("（未定，由系统推断）"),
    )
    beneficiaries = forms.MultipleChoiceField(
        label=_("服务对象"), required=False, widget=forms.CheckboxSelectMultiple
    )
    modes = forms.MultipleChoiceField(
        label=_("可接受的服务方式"), widget=forms.CheckboxSelectMultiple
    )
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=100000, initial=1)
    window_start = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    window_end = forms.DateField(
        label=_("截止日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    preferred_slots = SlotGridField(label=_("希望的服务时段"))
    preferred_slots_other = OtherSlotsField(label=_("其他时段"))
    priority = forms.ChoiceField(label=_("优先级"), choices=Need.Priority.choices, initial="normal")
    address = forms.CharField(
        label=_("服务地点"),
        required=False,
        max_length=200,
        help_text=_("如几栋几单元、活动室；派单后合伙人才能看到。"),
    )

    def __init__(
        self,
        *args: Any,
        communities: QuerySet[Community],
        for_resident: bool = False,
        need: Need | None = None,
        **kwargs: Any,
    ) -> None:
        self.need = need
        self.for_resident = for_resident
        other: list[dict[str, Any]] = []
        if need is not None:
            ticked, other = choices_from_slots(need.preferred_slots)
        if need is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "community": need.community_id,
                "title": need.title,
                "description": need.description,
                "category": need.category_id,
                "beneficiaries": need.beneficiaries,
                "modes": need.modes,
                "quantity": need.quantity,
                "window_start": need.window_start,
                "window_end": need.window_end,
                "preferred_slots": ticked,
                "priority": need.priority,
                "address": need.address,
            }
        super().__init__(*args, **kwargs)
        show_other_slots(self, "preferred_slots_other", other)
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = communities
        cast(forms.ChoiceField, self.fields["beneficiaries"]).choices = _standard_choices(
            BeneficiaryGroup
        )
        mode_choices = _standard_choices(DeliveryMode)
        cast(forms.ChoiceField, self.fields["modes"]).choices = mode_choices
        if need is None:
            today = timezone.localdate()
            self.fields["window_start"].initial = today
            self.fields["window_end"].initial = today + dt.timedelta(days=90)
            self.fields["modes"].initial = [code for code, _label in mode_choices]
        if for_resident:
            for name in ("category", "priority", "quantity"):
                del self.fields[name]
            self.fields["title"].label = _("我需要")
            self.fields["title"].help_text = _("例如：家里水龙头漏水，想请师傅上门修理。")
            self.fields["description"].help_text = _("方便的时间、地点等，越具体越好。")
            self.fields["modes"].required = False
        # A single choice needs no question.
        if communities.count() == 1:
            self.fields["community"].widget = forms.HiddenInput()
            self.fields["community"].initial = communities.first()

    def data_for_service(self) -> NeedData:
        """The cleaned values as the service names them."""
        c = self.cleaned_data
        data: NeedData = {
            "community": c["community"].code,
            "title": c["title"],
            "description": c["description"],
            "beneficiaries": c["beneficiaries"],
            "window_start": c["window_start"],
            "window_end": c["window_end"],
            "address": c.get("address", ""),
            "preferred_slots": slots_from_choices(
                c["preferred_slots"], c.get("preferred_slots_other", [])
            ),
        }
        if c.get("modes"):
            data["modes"] = c["modes"]
        if not self.for_resident:
            data["category"] = c["category"].code if c["category"] else None
            data["quantity"] = c["quantity"]
            data["priority"] = c["priority"]
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", _("截止日期不能早于开始日期。"))
        return cleaned


class NeedFilterForm(forms.Form):
    """Search and filters above the needs list."""

    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Need.Status.choices]
    )
    category = forms.ModelChoiceField(
        label=_("服务类别"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("全部类别"),
        to_field_name="code",
    )
    community = forms.ModelChoiceField(
        label=_("社区"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("全部社区"),
        to_field_name="code",
    )

    overdue = forms.BooleanField(label=_("只看已超时"), required=False)

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = communities

    def filter_data(self) -> dict[str, str]:
        """The valid choices in the terms of the API's ``NeedFilter``, so the page and
        ``/api/needs/`` select needs the same way; a community means it and its stations."""
        chosen = filter_values(self)
        return {
            "q": chosen.get("q", ""),
            "status": chosen.get("status", ""),
            "category": chosen.get("category", ""),
            "area": chosen.get("community", ""),
            "overdue": "true" if chosen.get("overdue") == "True" else "",
        }
