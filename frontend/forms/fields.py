"""Form fields shared by the pages' forms."""

from __future__ import annotations

from typing import Any

from django import forms


class CommunityChoiceField(forms.ModelChoiceField):
    """A community picked by its name alone: residents and partners know 海裕社区, not
    the platform's code for it (a community's ``str()`` adds the code for the admin)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CommunityMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several communities picked by their names alone (see :class:`CommunityChoiceField`)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)
