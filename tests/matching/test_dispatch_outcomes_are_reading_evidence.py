"""What partners do with dispatched work is evidence of what the need's text is about:
an accept for the offering's category, a decline as not their kind of service against
it, a good rating for it, more strongly. An ordinary decline or a middling rating
teaches nothing."""

from typing import Any

import pytest

from matching.index import current_index
from matching.models import ReadingExample
from needs import services
from needs.models import Project
from partners.models import Role
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


def _project(district: Any, status: str = Project.Status.DISPATCHED) -> Project:
    project: Project = ProjectFactory.create(
        need=district["needs"]["repair"], offering=district["offerings"]["repair"], status=status
    )
    return project


def _member(district: Any) -> Any:
    return user_with_role(Role.Kind.PARTNER_MEMBER, partner=district["offerings"]["repair"].partner)


def _evidence() -> list[tuple[str, str, str, float]]:
    return list(
        ReadingExample.objects.values_list("district__code", "category_id", "source", "weight")
    )


def test_accepting_is_evidence_for_the_offerings_category(district: Any) -> None:
    services.project_accept(actor=_member(district), project=_project(district))

    assert _evidence() == [("BA", "home_repair", "accepted", 1.0)]
    assert ReadingExample.objects.get().text.startswith("独居老人家里空调坏了")


def test_declining_as_not_our_kind_is_evidence_against_it_and_lowers_the_reading(
    district: Any,
) -> None:
    text = "独居老人家里空调坏了\n需要有人上门修空调"
    before = {g.code: g.probability for g in current_index().read(text, district="BA").categories}

    services.project_decline(
        actor=_member(district),
        project=_project(district),
        reason="我们只修电器",
        not_our_kind=True,
    )

    assert _evidence() == [("BA", "home_repair", "declined", -1.0)]
    after = {g.code: g.probability for g in current_index().read(text, district="BA").categories}
    assert after.get("home_repair", 0.0) < before["home_repair"]


def test_an_ordinary_decline_teaches_nothing(district: Any) -> None:
    services.project_decline(actor=_member(district), project=_project(district), reason="人手不够")

    assert _evidence() == []


def test_a_good_rating_is_stronger_evidence_and_a_middling_one_none(district: Any) -> None:
    secretary = user_with_role(Role.Kind.SECRETARY, community=district["tree"]["C12"])
    middling = _project(district, Project.Status.DELIVERED)
    services.project_evaluate(actor=secretary, project=middling, rating=3)
    assert _evidence() == []
    middling.delete()

    services.project_evaluate(
        actor=secretary, project=_project(district, Project.Status.DELIVERED), rating=5
    )
    assert _evidence() == [("BA", "home_repair", "rated", 1.5)]
