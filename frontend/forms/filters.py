"""The filter forms above the lists hand their choices to the API's FilterSets."""

from __future__ import annotations

from django import forms
from django.db.models import Model


def filter_values(form: forms.Form) -> dict[str, str]:
    """The form's valid, non-empty choices as query-string values (a chosen row as its
    ``code``); a bad value drops out alone, as it would from the API's query string."""
    if not form.is_bound:
        return {}
    form.is_valid()
    values: dict[str, str] = {}
    for name, value in form.cleaned_data.items():
        if isinstance(value, Model):
            values[name] = str(value.code)  # type: ignore[attr-defined]
        elif value not in (None, ""):
            values[name] = str(value)
    return values
