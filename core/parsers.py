"""The API's JSON parser: the default one, refusing deep nesting before it parses."""

import io
import re
from itertools import accumulate
from typing import IO, Any

from django.conf import settings
from rest_framework import exceptions, parsers

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+"', re.DOTALL)
_NOT_A_BRACKET = re.compile(rb"[^\[\]{}]+")


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest, counted without recursion
    (brackets inside strings do not count). Malformed text gives some number; the
    parser then says what is wrong with it."""
    brackets = _NOT_A_BRACKET.sub(b"", _JSON_STRING.sub(b"", body))
    if not brackets:
        return 0
    return max(accumulate(1 if c in b"[{" else -1 for c in brackets))


class DepthLimitedJSONParser(parsers.JSONParser):
    """JSON nested deeper than ``settings.JSON_MAX_DEPTH`` is refused with 400 before it
    is parsed: Python's parser recurses once per level and fails past about a thousand,
    which a 13 KB body reaches."""

    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        body = stream.read() if stream is not None else b""
        limit = int(settings.JSON_MAX_DEPTH)
        # A body with fewer opening brackets than the limit cannot nest past it.
        if body.count(b"[") + body.count(b"{") > limit and json_depth(body) > limit:
            raise exceptions.ParseError(
                f"JSON 嵌套超过 {limit} 层 (JSON nested deeper than {limit} levels)"
            )
        return super().parse(io.BytesIO(body), media_type, parser_context)
