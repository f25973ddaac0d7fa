"""The admin site: every model admin registered on it, the project's and the
libraries' alike, accepts from staff who are not superusers only the filters its page
offers, and searches no personal field for them.

Django's admin otherwise accepts any lookup on a model's own fields in the query
string (``?phone__startswith=186``): one row or none answers, and a masked phone is
read back digit by digit. The guard is mixed into each admin class as it is
registered, so no admin, however registered, goes without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import JSONField, Model
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

# Fields that say who someone is, how to reach them or where they live; by model label.
# Staff who are not superusers never filter or search on them (what they may see of
# them is masked per row by the pages themselves).
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "partners.Partner": frozenset({"contact_name", "phone", "address", "lat", "lng"}),
    "needs.ResidentRequest": frozenset({"phone"}),
    "auth.User": frozenset({"email", "first_name", "last_name", "password"}),
    # The trail's before/after values and where a change came from.
    "auditlog.LogEntry": frozenset({"changes", "changes_text", "remote_addr", "remote_port"}),
    "axes.AccessAttempt": frozenset({"ip_address", "user_agent", "get_data", "post_data"}),
    "axes.AccessLog": frozenset({"ip_address", "user_agent"}),
    "axes.AccessFailureLog": frozenset({"ip_address", "user_agent"}),
}

# The parameters Django's field filters put after the field's path: ``status__exact``,
# ``parent__isnull``, ``date__gte``/``date__lt``, ``unit`` alone, ``notes__isempty``.
_FILTER_SUFFIXES = frozenset({"", "exact", "isnull", "gte", "lt", "isempty"})
_DATE_PARTS = ("year", "month", "day")
# JSON containment has no SQLite implementation: the query would fail when run.
_JSON_CONTAINMENT = frozenset({"contains", "contained_by"})

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = admin.ModelAdmin


def field_at(model: type[Model], path: str) -> tuple[type[Model], str, list[str]] | None:
    """The model and field a lookup path ends on (``offering__partner__phone__startswith``
    → Partner, ``phone``) and the parts after it (``["startswith"]``); ``None`` when
    the path names no field."""
    parts = path.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        if part == "pk":
            part = model._meta.pk.name
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        related = field.related_model
        if not field.is_relation or related is None or index == len(parts) - 1:
            return model, part, parts[index + 1 :]
        model = related  # type: ignore[assignment]
    return None


def is_personal(model: type[Model], path: str) -> bool:
    """Whether a lookup or search path reaches a personal field, directly or through
    relations (``offering__partner__phone``)."""
    found = field_at(model, path.lstrip("^=@"))
    if found is None:
        return False
    owner, name, _rest = found
    return name in PERSONAL_FIELDS.get(owner._meta.label, frozenset())


class LookupGuard(_ModelAdmin):
    """What every admin on the site does with the query string and the search box."""

    def _offered(self, lookup: str, request: HttpRequest | None) -> bool:
        filters = self.get_list_filter(request) if request is not None else self.list_filter
        for item in filters:
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                if lookup == item.parameter_name:
                    return True
                continue
            path = item[0] if isinstance(item, list | tuple) else item
            if not isinstance(path, str) or not (lookup + LOOKUP_SEP).startswith(path + LOOKUP_SEP):
                continue
            rest = lookup[len(path) + len(LOOKUP_SEP) :]
            if rest in _FILTER_SUFFIXES:
                return True
            # A relation's filter names the related row's key: ``category__id__exact``.
            found = field_at(self.model, path)
            if found is not None:
                owner, name, _ = found
                target = getattr(owner._meta.get_field(name), "target_field", None)
                if target is not None and rest == f"{target.name}__exact":
                    return True
        hierarchy = self.date_hierarchy
        return bool(hierarchy) and lookup in {f"{hierarchy}__{part}" for part in _DATE_PARTS}

    def _raw_id_popup(self, lookup: str, value: Any) -> bool:
        # The raw-id widget's popup filters by the relation's ``limit_choices_to``.
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False

    def lookup_allowed(self, lookup: str, value: Any, request: HttpRequest | None = None) -> bool:
        found = field_at(self.model, lookup)
        if found is not None and not connection.features.supports_json_field_contains:
            owner, name, rest = found
            if isinstance(owner._meta.get_field(name), JSONField) and _JSON_CONTAINMENT & set(rest):
                return False
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_superuser", False):
            return bool(super().lookup_allowed(lookup, value, request))
        return self._offered(lookup, request) or self._raw_id_popup(lookup, value)

    def get_search_fields(self, request: HttpRequest) -> Any:
        fields = super().get_search_fields(request)
        if getattr(request.user, "is_superuser", False):
            return fields
        return [field for field in fields if not is_personal(self.model, field)]


def guarded(admin_class: type[Any]) -> type[Any]:
    """``admin_class`` with :class:`LookupGuard` in front of it (once)."""
    if issubclass(admin_class, LookupGuard):
        return admin_class
    return type(
        admin_class.__name__, (LookupGuard, admin_class), {"__module__": admin_class.__module__}
    )


class JinlinAdminSite(admin.AdminSite):
    """The default admin site, guarding every model admin registered on it."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)


class JinlinAdminConfig(AdminConfig):
    """``django.contrib.admin`` with :class:`JinlinAdminSite` as its default site."""

    default_site = "config.admin_site.JinlinAdminSite"
