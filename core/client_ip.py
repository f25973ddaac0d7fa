"""The address a request came from, the one every limit counts by: the API's and the
pages' rate limits, the sign-in lockout and the audit trail all ask :func:`client_ip`.

``X-Forwarded-For`` is written by whoever sends the request, so only the entries added
by the platform's own proxies are believed: with ``NUM_PROXIES`` = n (0 by default, no
proxy), the client is the address the outermost of those n proxies saw, n places from
the right of the chain ``X-Forwarded-For, REMOTE_ADDR``. Anything the client put in
front of that is ignored.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: Any) -> str:
    """The client's address, believing exactly ``settings.NUM_PROXIES`` proxies."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR", ""))
    proxies = int(settings.NUM_PROXIES)
    if proxies == 0:
        return remote
    forwarded = [hop for hop in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    chain = [*forwarded, remote]
    # Fewer hops than proxies: the request skipped one of them; the leftmost is all we have.
    seen = chain[-(proxies + 1)] if len(chain) > proxies else chain[0]
    return _address(seen) or remote
