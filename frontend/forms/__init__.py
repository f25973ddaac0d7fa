"""Forms of the pages: they read and check what people type, then hand it to a service.

The services hold the rules; a form only turns text into the values a service takes
and puts a service's complaints back beside the fields they concern.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _

from core.errors import DomainError


def add_domain_errors(
    form: forms.BaseForm, error: DomainError, field_map: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``field: messages`` next to the form's fields.

    ``field_map`` maps a service's field path (``window.end``) to the form field
    (``window_end``); paths are matched on their first segment too
    (``service_area.communities[0]`` → ``service_area``). Anything without a field
    lands at the top of the form, so no complaint is lost.
    """
    field_map = field_map or {}
    if not error.fields:
        form.add_error(None, error.message)
        return
    for path, messages in error.fields.items():
        name = field_map.get(path)
        if name is None:
            head = path.split(".")[0].split("[")[0]
            name = field_map.get(head, head)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message if target else f"{path}: {message}")


class ConsentForm(forms.Form):
    """The box a person ticks to agree to the notice shown with its version. Unticked at
    first: consent is given, never assumed. Whether it is needed is the service's rule."""

    consent = forms.BooleanField(required=False)

    def __init__(self, *args: object, version: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["consent"].label = _("我已阅读并同意上述告知（版本 %(version)s）") % {
            "version": version
        }

    @property
    def given(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["consent"])


def add_errors_split_consent(
    form: forms.BaseForm,
    consent_form: ConsentForm,
    error: DomainError,
    field_map: Mapping[str, str] | None = None,
) -> None:
    """Like :func:`add_domain_errors`, with a missing consent shown beside the box."""
    fields = dict(error.fields)
    for message in fields.pop("consent", []):
        consent_form.add_error("consent", message)
    if fields or not error.fields:
        add_domain_errors(form, type(error)(error.message, fields=fields), field_map)
