"""Shape rules for the small structured values stored as JSON (weekly slots, code lists).

One implementation, used by model validation, the API and the bulk interchange, each
of which reports the returned ``path: message`` problems in its own way.
"""

import re
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError

from core.phones import mainland_mobile

# Characters no database column can hold: PostgreSQL refuses NUL in text (and in query
# parameters), and a lone surrogate cannot be encoded as UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Every record's ``code`` column, and the largest count (capacity, quantity) an integer
# column holds on PostgreSQL; SQLite would store more, so the limit is checked by us.
CODE_LENGTH = 64
# The one rule for every record's code (communities, the reference tables, partners,
# offerings, needs, meetings): codes go into page addresses, file names and download
# headers, so they hold only characters that need no escaping anywhere — ASCII letters,
# digits, "-" and "_" — and at most CODE_LENGTH of them.
CODE_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
MAX_COUNT = 2_147_483_647
HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
SLOT_KEYS = frozenset({"weekday", "start", "end"})
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def code_problem(value: Any) -> str | None:
    """What is wrong with ``value`` as a record's code, or ``None`` when it is a good one."""
    if not isinstance(value, str) or not value:
        return "expected a code: letters, digits, - and _"
    if len(value) > CODE_LENGTH:
        return f"a code has at most {CODE_LENGTH} characters, got {len(value)}"
    if not CODE_CHARACTERS.fullmatch(value):
        return f"a code holds only ASCII letters, digits, - and _, got {value!r}"
    return None


def validate_code(value: Any) -> None:
    """Model-field validator wrapping :func:`code_problem`."""
    problem = code_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="invalid_code")


def key_path(path: str, key: object) -> str:
    """``path.key``, or ``path['odd key']`` for a key that would not read as one (spaces,
    NUL, a lone surrogate no terminal can print)."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


def slot_problems(slots: Any, path: str = "") -> list[str]:
    """Problems with a list of weekly slots ``{"weekday": 1..7, "start": "HH:MM", "end": "HH:MM"}``.

    ``end`` must be after ``start`` (a slot does not run past midnight). Returns
    ``"path: message"`` strings; an empty list means the value is valid.
    """
    if not isinstance(slots, list):
        return [f"{path}: expected a list of slots"]
    problems: list[str] = []
    for i, slot in enumerate(slots):
        here = f"{path}[{i}]"
        if not isinstance(slot, dict):
            problems.append(f"{here}: expected an object with weekday, start, end")
            continue
        for key in sorted(set(slot) - SLOT_KEYS, key=repr):
            problems.append(f"{key_path(here, key)}: unknown key")
        for key in sorted(SLOT_KEYS - set(slot)):
            problems.append(f"{here}.{key}: required")
        weekday = slot.get("weekday")
        if "weekday" in slot and (
            isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 7
        ):
            problems.append(f"{here}.weekday: expected an integer 1 (Monday) to 7 (Sunday)")
        times_ok = True
        for key in ("start", "end"):
            value = slot.get(key)
            if key in slot and not (isinstance(value, str) and HHMM.fullmatch(value)):
                problems.append(f"{here}.{key}: expected a time HH:MM, got {value!r}")
                times_ok = False
        if times_ok and "start" in slot and "end" in slot and slot["end"] <= slot["start"]:
            problems.append(f"{here}.end: must be after start {slot['start']}")
    return problems


def code_list_problems(
    values: Any, allowed: Collection[str], path: str = "", *, what: str, non_empty: bool = False
) -> list[str]:
    """Problems with a list of codes drawn from ``allowed`` (no repeats)."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return [f"{path}: expected a list of {what} codes"]
    problems = [
        f"{path}[{i}]: unknown {what} {v!r}" for i, v in enumerate(values) if v not in allowed
    ]
    if len(set(values)) != len(values):
        problems.append(f"{path}: repeated {what}")
    if non_empty and not values:
        problems.append(f"{path}: at least one {what} is required")
    return problems


def validate_slots(value: Any) -> None:
    """Model-field validator wrapping :func:`slot_problems`."""
    _raise(slot_problems(value, ""))


def _reference_codes(model_name: str) -> set[str]:
    # Looked up through the app registry: the reference tables live in partners.models,
    # which imports this module.
    from django.apps import apps

    model = apps.get_model("partners", model_name)
    return set(model._default_manager.values_list("code", flat=True))


def _raise(problems: list[str]) -> None:
    if problems:
        raise ValidationError([p.split(": ", 1)[-1] for p in problems])


def validate_mode_codes(value: Any) -> None:
    """Model-field validator: a list of known delivery modes, none repeated."""
    _raise(code_list_problems(value, _reference_codes("DeliveryMode"), what="mode"))


def validate_beneficiary_codes(value: Any) -> None:
    """Model-field validator: a list of known beneficiary groups."""
    allowed = _reference_codes("BeneficiaryGroup")
    _raise(code_list_problems(value, allowed, what="beneficiary group"))


def repaired_code(code: str, taken: Collection[str]) -> str:
    """A code following the rule for a stored ``code`` that does not: every other
    character becomes ``-``, and a suffix ``-2``, ``-3``… keeps it apart from ``taken``.
    Used by the migration that brought stored codes under the rule."""
    base = re.sub(r"[^A-Za-z0-9_-]", "-", code)[: CODE_LENGTH - 4] or "X"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def repair_stored_codes(model: Any, stdout: Any = None) -> list[tuple[str, str]]:
    """Rename every row of ``model`` whose code breaks the rule; returns ``(old, new)``
    pairs and writes each to ``stdout`` when given. For migrations (historical models)."""
    manager = model._default_manager
    taken = set(manager.values_list("code", flat=True))
    renamed: list[tuple[str, str]] = []
    for pk, code in manager.values_list("pk", "code").order_by("pk"):
        if code_problem(code) is None:
            continue
        new = repaired_code(code, taken)
        taken.add(new)
        manager.filter(pk=pk).update(code=new)
        renamed.append((code, new))
        if stdout is not None:
            stdout.write(f"  {model.__name__} code {code!r} renamed {new!r}\n")
    return renamed


def validate_mainland_mobile(value: Any) -> None:
    """A stored mobile number is the bare 11 digits of a mainland number."""
    if value and mainland_mobile(str(value)) != value:
        raise ValidationError("请填写 11 位大陆手机号（如 13800138000）。", code="invalid_phone")
