"""API plumbing shared by every endpoint: pagination and the one JSON error shape.

Every error answers ``{"error": {"code", "message", "fields"}}``; ``fields`` maps a field
path to its messages (empty when the error is not about a field).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import DomainError


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"path.to.field": [messages]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for k, v in _flatten(value, path).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for i, item in enumerate(detail):
                for k, v in _flatten(item, f"{prefix}[{i}]").items():
                    out.setdefault(k, []).extend(v)
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def _printable(text: str) -> str:
    # Messages may quote what the client sent; a lone surrogate in it cannot be encoded
    # as UTF-8, so it is written as its escape instead of failing the response.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    fields = {
        _printable(path): [_printable(m) for m in messages]
        for path, messages in (fields or {}).items()
    }
    return {"error": {"code": code, "message": _printable(message), "fields": fields}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(_body(exc.code, exc.message, exc.fields), status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        fields = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(m) for m in exc.messages]}
        )
        return Response(_body("invalid", "invalid input", fields), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _body("invalid", "invalid input", _flatten(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = detail.code if isinstance(detail, exceptions.ErrorDetail) else exc.default_code
        response.data = _body(str(code), str(detail))
    return response
