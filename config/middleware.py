"""Request-level protections: a body size limit with a clear answer, and the answer
to a locked-out sign-in (django-axes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from core.client_ip import client_ip

API_PREFIX = "/api/"


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        body = {"error": {"code": code, "message": message, "fields": {}}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def upload_limit() -> int:
    """Largest request body accepted, in bytes: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for forms
    and JSON, ``UPLOAD_MAX_SIZE`` for file uploads (multipart)."""
    return int(settings.UPLOAD_MAX_SIZE)


class RequestTooLargeMiddleware:
    """Refuses a request whose declared body is larger than the limit with 413 and a
    message saying the limit, before anything reads it. (The API's JSON parser reads the
    body directly, past Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` check.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _error(request, 400, "invalid", "Content-Length 不是数字")
        multipart = request.content_type == "multipart/form-data"
        limit = upload_limit() if multipart else int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if length > limit:
            megabytes = limit / (1024 * 1024)
            return _error(
                request,
                413,
                "too_large",
                f"请求过大：{length} 字节，上限 {megabytes:g} MB (request body too large)",
            )
        return self.get_response(request)


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_in(request: HttpRequest) -> str | None:
    """Where the request carries a NUL character: ``path``, a query parameter's name or a
    form field's name, or ``None``."""
    if "\x00" in request.path:
        return "path"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return key
    if request.method == "POST" and request.content_type in _FORMS:
        try:
            form = request.POST
        except (MultiPartParserError, SuspiciousOperation, OSError):
            return None  # a malformed body is the view's to refuse, as without this check
        for key, values in form.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return key
    return None


class RefuseNulMiddleware:
    """Refuses a NUL character in the path, the query or a form field with 400 naming
    where, before any view looks anything up with it: PostgreSQL refuses NUL in a text
    parameter with a server error, whatever the lookup (a code, a filter, a search)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = _nul_in(request)
        if where is None:
            return self.get_response(request)
        where = where.replace("\x00", "\\x00")
        message = f"{where}: 不能包含 NUL 字符 (must not contain the NUL character)"
        if request.path.startswith(API_PREFIX):
            body = {"error": {"code": "invalid", "message": message, "fields": {where: [message]}}}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What a locked-out sign-in gets (django-axes' ``AXES_LOCKOUT_CALLABLE``)."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _error(
        request,
        429,
        "locked_out",
        f"登录失败次数过多，账户已暂时锁定，请 {minutes} 分钟后再试 (too many failed sign-ins)",
    )


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware, recording the client address every limit counts by
    (``core.client_ip``) rather than the first entry of ``X-Forwarded-For``, which
    anyone can write."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)
