"""Mainland mobile numbers as people write them."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
# What people put between the digits or in front of them: spaces, dashes, brackets.
_SEPARATORS = re.compile(r"[\s\-()（）]")


def mainland_mobile(text: str) -> str | None:
    """The 11-digit mainland mobile number ``text`` writes, or None if it writes none.

    Spaces and dashes between the digits and a ``+86`` (or ``0086``/``86``) prefix are
    tolerated: ``+86 138-0013-8000`` gives ``13800138000``.
    """
    digits = _SEPARATORS.sub("", text or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    else:
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
    return digits if _MOBILE.fullmatch(digits) else None
