"""The one family of domain errors. Services raise these; ``core.api`` maps them to
HTTP responses in one place, and commands print them."""

from collections.abc import Mapping, Sequence
from typing import Any


class DomainError(Exception):
    """Base of every error a service raises on purpose. ``code`` is stable for clients."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: str, *, fields: Mapping[str, Sequence[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields: dict[str, list[str]] = {k: list(v) for k, v in (fields or {}).items()}


class InvalidInputError(DomainError):
    """The request or document breaks a rule; ``fields`` names where."""

    code = "invalid"
    http_status = 400


class NotFoundError(DomainError):
    code = "not_found"
    http_status = 404


class NotAllowedError(DomainError):
    """The user may not do this to an object they can see."""

    code = "not_allowed"
    http_status = 403


class ConflictError(DomainError):
    """The object's current state forbids the change (a transition, a full capacity)."""

    code = "conflict"
    http_status = 409


def require(allowed: bool, message: str, field: str | None = None) -> None:
    """Raise :class:`NotAllowedError` with ``message`` (on ``field``) unless ``allowed``."""
    if not allowed:
        raise NotAllowedError(message, fields={field: [message]} if field else None)


def has_perm(actor: Any, perm: str, obj: object = None) -> bool:
    """``actor.has_perm(perm, obj)`` for any user, anonymous included: the rule set in
    each app's ``rules.py`` (django-rules), asked the same way by the services, the
    admin, the pages, the API and the exports. ``obj`` may be a record or, where a rule
    says so, an id (``partners.administer_community`` takes a community or its id)."""
    return bool(actor.has_perm(perm, obj))
