"""API sign-in pieces: token authentication that names the actor in the audit trail."""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request


def record_actor(user: Any) -> None:
    """Name ``user`` as the actor of the audit entries written for the current request.

    django-auditlog's middleware runs before the API authenticates a token, so for
    token requests it would record no one; this fills the actor in once it is known.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None and getattr(user, "is_authenticated", False):
        context["actor"] = user


class AuditedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …``, with the signed-in user named in the audit trail."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            record_actor(result[0])
        return result
