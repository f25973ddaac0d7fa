"""Partner registration, verification decisions and offering forms."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms.fields import CommunityChoiceField, CommunityMultipleChoiceField
from frontend.forms.filters import filter_values
from frontend.forms.slots import (
    OtherSlotsField,
    SlotGridField,
    choices_from_slots,
    show_other_slots,
    slots_from_choices,
)
from partners.models import BeneficiaryGroup, Category, Community, DeliveryMode, Offering, Partner
from partners.selectors import standard_names
from partners.services import OfferingData, PartnerData

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

OFFERING_FIELD_MAP = {
    "service_area": "area_communities",
    "service_area.radius_km": "area_radius_km",
    "service_area.communities": "area_communities",
}


def _codes(model: type[BeneficiaryGroup] | type[DeliveryMode]) -> list[tuple[str, str]]:
    return list(standard_names(model).items())


class AccountForm(UserCreationForm):
    """The applicant's own sign-in, created with the application."""

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = get_user_model()
        fields = ("username",)
        labels = {"username": _("登录用户名")}
        help_texts = {"username": _("字母、数字或 @ . + - _，以后用它登录。")}


class PartnerForm(forms.Form):
    """Who the partner is (enterprise, organisation or resident) and where it belongs."""

    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Partner.Kind.choices)
    unit_type = forms.ChoiceField(
        label=_("单位性质"),
        choices=Partner.UnitType.choices,
        required=False,
        help_text=_("仅共建单位填写。"),
    )
    community = CommunityChoiceField(
        label=_("所属社区"),
        queryset=Community.objects.filter(level=Community.Level.COMMUNITY),
        empty_label=_("请选择"),
        help_text=_("由该社区审核您的申请。"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=100)
    phone = forms.CharField(
        label=_("联系电话"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    description = forms.CharField(
        label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") != Partner.Kind.UNIT and cleaned.get("unit_type"):
            self.add_error("unit_type", _("只有共建单位填写单位性质。"))
        return cleaned

    def data_for_service(self) -> PartnerData:
        c = self.cleaned_data
        return {
            "name": c["name"],
            "kind": c["kind"],
            "unit_type": c["unit_type"] or "",
            "community": c["community"].code,
            "contact_name": c["contact_name"],
            "phone": c["phone"],
            "address": c["address"],
            "description": c["description"],
        }


TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


class PartnerDetailsForm(forms.Form):
    """What a partner's members keep up to date themselves: name, description, contact and
    tags. Its kind, status and home community stay with its community's administrators."""

    name = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(
        label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=100)
    phone = forms.CharField(
        label=_("联系电话"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    tags = forms.CharField(
        label=_("标签"),
        required=False,
        max_length=1000,
        help_text=_("用逗号或顿号分开，例如：义诊、老年人。"),
    )

    def __init__(self, *args: Any, partner: Partner, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "name": partner.name,
                "description": partner.description,
                "contact_name": partner.contact_name,
                "phone": partner.phone,
                "address": partner.address,
                "tags": "、".join(sorted(t.name for t in partner.tags.all())),
            }
        super().__init__(*args, **kwargs)

    def data_for_service(self) -> PartnerData:
        c = self.cleaned_data
        return {
            "name": c["name"],
            "description": c["description"],
            "contact_name": c["contact_name"],
            "phone": c["phone"],
            "address": c["address"],
            "tags": [t for t in TAG_SEPARATORS.split(c["tags"]) if t],
        }


class OfferingForm(forms.Form):
    """One offering: what, for whom, how, how much per quarter, when and where."""

    title = forms.CharField(label=_("服务名称"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("服务类别"), queryset=Category.objects.all(), empty_label=_("请选择")
    )
    description = forms.CharField(
        label=_("服务说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    modes = forms.MultipleChoiceField(label=_("服务方式"), widget=forms.CheckboxSelectMultiple)
    beneficiaries = forms.MultipleChoiceField(
        label=_("服务对象"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("每季度可提供"), min_value=0, max_value=1_000_000, initial=4
    )
    unit = forms.ChoiceField(label=_("计量单位"), choices=Offering.Unit.choices)
    cost = forms.ChoiceField(label=_("收费"), choices=Offering.Cost.choices)
    availability = SlotGridField(label=_("每周可服务时段"))
    availability_other = OtherSlotsField(label=_("其他时段"))
    area_communities = CommunityMultipleChoiceField(
        label=_("服务范围（社区）"),
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则服务本社区；也可以改填服务半径。"),
    )
    area_radius_km = forms.FloatField(
        label=_("或：服务半径（公里）"), required=False, min_value=0.1, max_value=1000
    )
    valid_from = forms.DateField(
        label=_("有效期起"),
        required=False,
        widget=DATE_INPUT,
    )
    valid_until = forms.DateField(
        label=_("有效期止"),
        required=False,
        widget=DATE_INPUT,
    )

    def __init__(
        self,
        *args: Any,
        area_choices: QuerySet[Community] | None = None,
        offering: Offering | None = None,
        **kwargs: Any,
    ) -> None:
        self.offering = offering
        other: list[dict[str, Any]] = []
        if offering is not None:
            ticked, other = choices_from_slots(offering.availability)
        if offering is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": offering.title,
                "category": offering.category_id,
                "description": offering.description,
                "modes": offering.modes,
                "beneficiaries": offering.beneficiaries,
                "capacity": offering.capacity,
                "unit": offering.unit,
                "cost": offering.cost,
                "availability": ticked,
                "area_communities": list(offering.area_communities.values_list("pk", flat=True)),
                "area_radius_km": offering.area_radius_km,
                "valid_from": offering.valid_from,
                "valid_until": offering.valid_until,
            }
        super().__init__(*args, **kwargs)
        show_other_slots(self, "availability_other", other)
        cast(forms.ChoiceField, self.fields["modes"]).choices = _codes(DeliveryMode)
        cast(forms.ChoiceField, self.fields["beneficiaries"]).choices = _codes(BeneficiaryGroup)
        cast(forms.ModelChoiceField, self.fields["area_communities"]).queryset = (
            area_choices
            if area_choices is not None
            else Community.objects.filter(level=Community.Level.COMMUNITY)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("area_communities") and cleaned.get("area_radius_km"):
            self.add_error("area_radius_km", _("服务范围请选社区或填半径，二选一。"))
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("有效期止不能早于有效期起。"))
        return cleaned

    def data_for_service(self) -> OfferingData:
        c = self.cleaned_data
        data: OfferingData = {
            "title": c["title"],
            "category": c["category"].code,
            "description": c["description"],
            "modes": c["modes"],
            "beneficiaries": c["beneficiaries"],
            "capacity": c["capacity"],
            "unit": c["unit"],
            "cost": c["cost"],
            "availability": slots_from_choices(c["availability"], c["availability_other"]),
            "valid_from": c["valid_from"],
            "valid_until": c["valid_until"],
        }
        if c["area_radius_km"]:
            data["service_area"] = {"radius_km": c["area_radius_km"]}
        elif c["area_communities"]:
            data["service_area"] = {"communities": [x.code for x in c["area_communities"]]}
        return data


class DecisionForm(forms.Form):
    """Approve or reject a partner's application; a rejection says why."""

    decision = forms.ChoiceField(
        choices=[("approve", _("通过")), ("reject", _("不通过"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("不通过的原因"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("申请人会看到这段说明。"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("请写明不通过的原因，申请人会看到。"))
        return cleaned


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *Partner.Kind.choices]
    )
    category = forms.ModelChoiceField(
        label=_("服务类别"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("全部类别"),
        to_field_name="code",
    )

    def filter_data(self) -> dict[str, str]:
        """The valid choices in the terms of the API's ``PartnerFilter``."""
        return filter_values(self)
