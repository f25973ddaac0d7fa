"""API plumbing shared by every endpoint: pagination and the one JSON error shape.

Every error answers ``{"error": {"code", "message", "fields"}}``; ``fields`` maps a field
path to its messages (empty when the error is not about a field).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found, server_error
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.errors import DomainError


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 by default; ``page_size`` from 1 to 500, anything else is refused
    naming the parameter rather than silently replaced by the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"expected a whole number from 1, got {raw!r}"]}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters


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
    if isinstance(exc, IntegrityError):
        # Two writers raced for the same unique value (most often a code); the loser is
        # told of the conflict instead of a server error.
        set_rollback()
        return Response(
            _body("conflict", "与已有记录冲突，请重试 (conflicts with an existing record)"),
            status=409,
        )
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


# Answers any operation may give whatever it does: no or a bad token (401), a body past
# the size limit (413) or of a media type the API does not read (415; both for operations
# that take a body), a rate limit or a locked-out sign-in (429, for writes), a bad filter
# or page size (400, for lists). Added to the schema so clients and the fuzzing know them.
_ALWAYS = {
    "401": "未登录或令牌无效 (not signed in, or the token is invalid)",
}
_WITH_BODY = {
    "413": "请求过大 (request body too large)",
    "415": "不支持的请求媒体类型 (the body is not JSON, a form or multipart)",
}
_WRITES = {"429": "请求过于频繁 (rate limited)"}
_QUERIED = {"400": "查询参数无效 (an invalid query parameter, named in the error)"}


def document_common_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook adding the common error answers, in the one
    error shape, to every operation that does not list them."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            extra = dict(_ALWAYS)
            if "requestBody" in operation:
                extra |= _WITH_BODY
            if method in ("post", "put", "patch"):
                extra |= _WRITES
            if method == "get" and any(
                p.get("in") == "query" for p in operation.get("parameters", [])
            ):
                extra |= _QUERIED
            for status, description in extra.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": error}
                )
    return result


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for a path no route matches: the API's error shape under ``/api/``, Django's
    page elsewhere."""
    if request.path.startswith("/api/"):
        body = _body("not_found", "未找到 (not found)")
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception or Http404())


def server_failed(request: HttpRequest) -> HttpResponse:
    """500 for an unexpected failure: the API's error shape under ``/api/`` (with
    ``DEBUG`` off; the failure itself is logged as usual), Django's page elsewhere."""
    if request.path.startswith("/api/"):
        body = _body("server_error", "服务器内部错误 (internal server error)")
        return JsonResponse(body, status=500, json_dumps_params={"ensure_ascii": False})
    return server_error(request)
