"""Collecting what is wrong with a request or a document, field by field, and raising it
all at once; and the checks every kind of record shares (its code, free text, dates,
tags). Services of every app build on these."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import models

from core.errors import InvalidInputError
from core.validators import UNSTORABLE, code_problem
from matching.engine.quarters import FIRST_YEAR, LAST_YEAR


class Problems:
    """Collects ``field: message`` problems and raises them together."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def add_paths(self, problems: Iterable[str]) -> None:
        """Take the validators' ``"path: message"`` strings."""
        for problem in problems:
            path, _, message = problem.partition(": ")
            self.add(path, message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields))
            raise InvalidInputError(f"{first}: {self.fields[first][0]}", fields=self.fields)


def new_code(model: type[models.Model], prefix: str) -> str:
    """A fresh code for a record created without one (a resident's phone does not invent
    codes). Random rather than sequential so concurrent writers do not collide."""
    manager = model._default_manager
    while True:
        code = f"{prefix}-{secrets.token_hex(4).upper()}"
        if not manager.filter(code=code).exists():
            return code


def check_new_code(
    problems: Problems, model: type[models.Model], code: str | None, prefix: str
) -> str:
    """The code to create a record under: the one given if unused, else a fresh one."""
    if code is None or code == "":
        return new_code(model, prefix)
    problem = code_problem(code)
    if problem is not None:
        problems.add("code", problem)
        return code
    if model._default_manager.filter(code=code).exists():
        problems.add("code", f"code {code!r} is already used")
    return code


def check_code_unchanged(problems: Problems, data: Mapping[str, Any], current: str) -> None:
    # Codes are the stable external ids of the interchange format; renaming one would
    # break every document and spreadsheet that refers to the record.
    if "code" in data and data["code"] not in (None, "", current):
        problems.add("code", "a code never changes once given")


def check_text_length(problems: Problems, field: str, text: Any) -> None:
    """Free text (a description, a comment) is refused past ``settings.TEXT_MAX_LENGTH``
    characters, naming the field and the limit."""
    limit = int(settings.TEXT_MAX_LENGTH)
    if isinstance(text, str) and len(text) > limit:
        problems.add(field, f"at most {limit} characters (got {len(text)})")


def check_date(problems: Problems, field: str, day: Any) -> None:
    """A date is refused outside the years quarters may name (``FIRST_YEAR`` to
    ``LAST_YEAR``): ``9999-12-31`` has no next day nor a next quarter to plan in."""
    if isinstance(day, dt.date) and not FIRST_YEAR <= day.year <= LAST_YEAR:
        problems.add(field, f"a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31, got {day}")


def clean_tags(problems: Problems, tags: Any, field: str = "tags") -> list[str]:
    """Tag names stripped, without blanks or repeats, in the order given."""
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.add(field, "expected a list of strings")
        return []
    out: list[str] = []
    for tag in (t.strip() for t in tags):
        if not tag:
            problems.add(field, "a tag cannot be blank")
        elif len(tag) > 100:
            problems.add(field, f"tag {tag[:20]!r}… is longer than 100 characters")
        elif tag not in out:
            out.append(tag)
    return out


UNSTORABLE_MESSAGE = "cannot hold NUL characters or lone surrogates"


def reason_text(reason: str | None, field: str = "reason") -> str:
    """The reason given for a decline or a cancellation: required, storable, at most 500
    characters; raises ``InvalidInputError`` naming ``field`` otherwise."""
    text = (reason or "").strip()
    if UNSTORABLE.search(text):
        raise InvalidInputError(f"{field}: {UNSTORABLE_MESSAGE}", fields={field: ["unstorable"]})
    if not text:
        raise InvalidInputError(
            f"{field}: 请说明原因 / a reason is required", fields={field: ["required"]}
        )
    if len(text) > 500:
        raise InvalidInputError(f"{field}: at most 500 characters", fields={field: ["too long"]})
    return text
