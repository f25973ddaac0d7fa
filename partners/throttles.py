"""Rate limits on what anyone may create in bulk: partner self-registration and
residents' requests. The API applies them through DRF; the pages call :func:`allow`
with the same scopes, so both doors share one budget per user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework.throttling import ScopedRateThrottle

from core.client_ip import client_ip
from partners.selectors import scope_of


def _exempt(user: Any) -> bool:
    # Administrators register partners and post needs for their community as their work;
    # the limits are for self-service.
    scope = scope_of(user)
    return scope.everything or bool(scope.area_ids)


class ScopedCreateThrottle(ScopedRateThrottle):
    """Limits ``create`` on views naming a ``throttle_scope`` (``registration``,
    ``resident_request``); every other request passes untouched."""

    def allow_request(self, request: Any, view: Any) -> bool:
        if getattr(view, "action", None) != "create" or not getattr(view, "throttle_scope", None):
            return True
        if _exempt(request.user):
            return True
        return super().allow_request(request, view)

    def get_ident(self, request: Any) -> str:
        # Anonymous requests are counted by address: the one core.client_ip trusts,
        # never DRF's reading of a client-written X-Forwarded-For.
        return client_ip(request)


class _FormView:
    def __init__(self, scope: str) -> None:
        self.throttle_scope = scope
        self.action = "create"


def allow(request: HttpRequest, scope: str) -> bool:
    """Whether a page form submitting under ``scope`` may go ahead now; counts it if so.
    Same rates and same counters as the API."""
    return ScopedCreateThrottle().allow_request(request, _FormView(scope))
