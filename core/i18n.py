"""Chinese first, also for what outlives a page view.

Model choice labels are translatable, so a page in English names states in English. What
is stored (agenda snapshots, audit lines), official documents and the Chinese half of
messages stay in Chinese whatever language the user browses in.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise


def chinese(text: str | Promise) -> str:
    """The Chinese wording of a translatable text (its source string), whatever language
    is active; plain strings come back as they are."""
    with translation.override(None):
        return str(text)
