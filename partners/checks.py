"""System check: the service catalogue matches the standard (``manage.py check`` and every
server start say what is wrong with it, rather than a request failing later)."""

from __future__ import annotations

import json
from typing import Any

from django.core.checks import CheckMessage, Error, register

from partners import catalogue


@register()
def service_catalogue_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        doc = json.loads(catalogue.CATALOGUE_PATH.read_text(encoding="utf-8"))
        standard = json.loads(catalogue.STANDARD_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [Error(f"service catalogue unreadable: {exc}", id="partners.E001")]
    return [
        Error(f"service catalogue: {problem}", id="partners.E002")
        for problem in catalogue.catalogue_problems(doc, standard)
    ]
