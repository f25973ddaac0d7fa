"""Sign-in pieces: token authentication that names the actor in the audit trail, the
lockout backend, signing in with a mobile number, and what a password change ends."""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from core.phones import mainland_mobile
from partners.services import credentials_rotate


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


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for every sign-in that comes with a request (the admin, the
    pages, the API token endpoint). A sign-in without one (a management command, a
    script on the server) cannot come from outside and is left to the other backends."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def _username_for_phone(phone: str) -> str | None:
    user_model = get_user_model()
    name = (
        user_model.objects.filter(profile__phone=phone)
        .values_list(user_model.USERNAME_FIELD, flat=True)
        .first()
    )
    return None if name is None else str(name)


def signin_name(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The name django-axes counts a sign-in attempt under (``AXES_USERNAME_CALLABLE``).

    A mobile number that is someone's counts as their username, so failures by phone
    and by username add up to one lockout, whichever the person typed.
    """
    if credentials:
        name = credentials.get("username")
    else:
        name = getattr(request, "data", None) or getattr(request, "POST", {})
        name = name.get("username") if hasattr(name, "get") else None
    if not name:
        return name
    phone = mainland_mobile(str(name))
    if phone is not None:
        return _username_for_phone(phone) or str(name)
    return str(name)


class PhoneBackend(ModelBackend):
    """Signs a person in by the mainland mobile number on their profile instead of their
    username (王师傅 remembers his number, not a username). It serves the pages, the
    admin and the API token endpoint alike; the lockout backend before it has already
    counted the attempt under the username the number belongs to."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        phone = mainland_mobile(username or "")
        if phone is None or password is None:
            return None
        user_model = get_user_model()
        user = user_model.objects.filter(profile__phone=phone).first()
        if user is None:
            # Spend the time a password check takes, as ModelBackend does, so a number
            # that is no one's cannot be told apart by how fast the answer comes.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class CredentialsRotation:
    """Rotates a person's credentials whenever their password changes
    (``partners.services.credentials_rotate``).

    Listed in ``AUTH_PASSWORD_VALIDATORS`` for its ``password_changed`` hook, which
    Django calls from ``User.save()`` after every ``set_password()``: the admin's own
    and per-user password forms, ``manage.py changepassword``, a password reset, any
    code that sets a password. Hooking any one view or form would miss the others; a
    signal would hide the work, and Django sends none for a password change. It never
    refuses a password; its help text tells the person what a change ends.
    """

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None:
            credentials_rotate(user=user)

    def get_help_text(self) -> str:
        return str(_("更改密码后，原来的 API 令牌和其他已登录的会话随即失效。"))
