"""The filters above the project board (项目清单)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms.filters import filter_values
from needs.models import Project
from partners.models import Community, Partner


class ProjectFilterForm(forms.Form):
    """State, community, quarter and partner; the choices are those of the projects the
    viewer may see, so no one learns of a community or partner through the board."""

    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Project.Status.choices]
    )
    community = forms.ModelChoiceField(
        label=_("社区"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("全部社区"),
        to_field_name="code",
    )
    quarter = forms.ChoiceField(label=_("季度"), required=False)
    partner = forms.ModelChoiceField(
        label=_("合伙人"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("全部合伙人"),
        to_field_name="code",
    )

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["community"]).queryset = Community.objects.filter(
            pk__in=projects.values("need__community_id")
        ).order_by("code")
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = Partner.objects.filter(
            pk__in=projects.values("offering__partner_id")
        ).order_by("name", "code")
        quarters = projects.order_by("-quarter").values_list("quarter", flat=True).distinct()
        cast(forms.ChoiceField, self.fields["quarter"]).choices = [
            ("", _("全部季度")),
            *((q, q) for q in quarters),
        ]

    def filter_data(self) -> dict[str, str]:
        """The valid choices in the terms of the API's ``ProjectFilter``, so the board and
        ``/api/projects/`` select projects the same way; a community means it and its
        stations."""
        chosen = filter_values(self)
        if "community" in chosen:
            chosen["area"] = chosen.pop("community")
        return chosen
