"""A resident's small request (点单, 微心愿) and the community's answer to it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms.fields import CommunityChoiceField
from partners.models import Community


class RequestForm(forms.Form):
    """What a resident asks for, in her own words, from her phone."""

    community = CommunityChoiceField(
        label=_("社区"), queryset=Community.objects.none(), empty_label=None
    )
    text = forms.CharField(
        label=_("我需要"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：家里水龙头漏水，想请师傅周末上门修理。"),
    )
    phone = forms.CharField(
        label=_("联系电话（选填）"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("社区工作人员能看到；勾选下面一项后，为您服务的合伙人也能看到。"),
    )
    share_phone = forms.BooleanField(
        label=_("同意把电话告诉为我服务的合伙人，方便对方联系我"),
        required=False,
    )
    urgent = forms.BooleanField(
        label=_("情况紧急（如漏水、断电、老人无人照看），请社区尽快答复"),
        required=False,
    )

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = communities
        if communities.count() == 1:
            self.fields["community"].widget = forms.HiddenInput()
            self.fields["community"].initial = communities.first()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("不采纳的原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("居民会看到这段说明。"),
    )
