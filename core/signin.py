"""The API token endpoint's answer to a locked-out sign-in (kept apart from
``config.auth``, which DRF loads while its views are still being imported)."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.parsers import DepthLimitedJSONParser


class SignInLockedOut(APIException):
    """Too many failed sign-ins for this username or address (django-axes)."""

    status_code = 429
    default_code = "locked_out"
    default_detail = "登录失败次数过多，账户已暂时锁定，请稍后再试 (too many failed sign-ins)"


class LockoutAwareTokenView(ObtainAuthToken):
    """The token endpoint, answering 429 ``locked_out`` once django-axes has locked the
    username or address out, instead of the usual "wrong credentials"."""

    # DRF's token view names its own parsers; it reads JSON with the API's parser, which
    # refuses deep nesting, like every other endpoint.
    parser_classes = (FormParser, MultiPartParser, DepthLimitedJSONParser)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                raise SignInLockedOut() from None
            raise
