"""A secretary's correction of a need's category changes how her district reads such
texts next, and only her district; deactivating the correction reads as before."""

import datetime as dt
from typing import Any

import pytest

from matching.index import current_index
from matching.learning import reading_example_deactivate
from matching.models import ReadingExample
from needs.services import need_post
from partners.models import Role
from tests.factories import CommunityFactory, user_with_role

pytestmark = pytest.mark.django_db

# Not a sentence the offerings speak of: the engine reads it as something else.
POSTED = "孩子放学后天天抱着手机打游戏，家长管不住"
LATER = "孩子放学天天抱着手机打游戏，管不住"
CHOSEN = "mental_health"


def _post(actor: Any, community: Any, capture: Any) -> Any:
    with capture(execute=True):
        return need_post(
            actor=actor,
            data={
                "community": community.code,
                "title": POSTED,
                "description": "",
                "category": CHOSEN,
                "window_start": dt.date(2026, 11, 1),
                "window_end": dt.date(2026, 12, 31),
            },
        )


def _first(text: str, district: str) -> str:
    return current_index().read(text, district=district).categories[0].code


def test_correction_changes_the_next_reading_in_its_district_only(
    district: Any, django_capture_on_commit_callbacks: Any
) -> None:
    CommunityFactory.create(code="LG", name="龙岗区", level="district", parent=None)
    secretary = user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C11"])
    assert _first(LATER, "BA") != CHOSEN
    elsewhere = current_index().read(LATER, district="LG")

    _post(secretary, district["tree"]["C11"], django_capture_on_commit_callbacks)

    example = ReadingExample.objects.get()
    assert (example.source, example.category_id, example.district.code) == (
        ReadingExample.Source.CORRECTED,
        CHOSEN,
        "BA",
    )
    assert _first(LATER, "BA") == CHOSEN
    assert current_index().read(LATER, district="LG") == elsewhere


def test_deactivating_the_correction_restores_the_previous_reading(
    district: Any, django_capture_on_commit_callbacks: Any
) -> None:
    secretary = user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C11"])
    before = current_index().read(LATER, district="BA")
    _post(secretary, district["tree"]["C11"], django_capture_on_commit_callbacks)
    assert _first(LATER, "BA") == CHOSEN
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=district["tree"]["BA"])

    reading_example_deactivate(actor=admin, example=ReadingExample.objects.get())

    assert current_index().read(LATER, district="BA") == before
