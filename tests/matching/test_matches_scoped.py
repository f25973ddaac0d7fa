"""Matches are shown only for needs one may see (others answer 404), and only to the
need's administrators (``matching.see_matches``; others who see the need answer 403)."""

from typing import Any

import pytest
from django.urls import reverse

from partners.models import Role
from tests.factories import NeedFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_resident_cannot_see_matches_of_others_needs(district: Any, client_for: Any) -> None:
    resident = user_with_role(Role.Kind.RESIDENT, community=district["tree"]["C11"])
    response = client_for(resident).get(reverse("need-matches", args=["N-BP"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_resident_is_refused_the_ranking_of_her_own_request(district: Any, client_for: Any) -> None:
    resident = user_with_role(Role.Kind.RESIDENT, community=district["tree"]["C11"])
    NeedFactory.create(code="N-MINE", community=district["tree"]["C11"], created_by=resident)
    response = client_for(resident).get(reverse("need-matches", args=["N-MINE"]))
    assert response.status_code == 403


def test_secretary_cannot_see_matches_of_another_community(
    district: Any, client_for: Any, secretary: Any
) -> None:
    response = client_for(secretary).get(reverse("need-matches", args=["N-LAW"]))
    assert response.status_code == 404


def test_anonymous_users_are_refused(district: Any, client: Any) -> None:
    response = client.get(reverse("need-matches", args=["N-BP"]))
    assert response.status_code in (401, 403)


def test_unknown_need_answers_404(district: Any, client_for: Any, superuser: Any) -> None:
    response = client_for(superuser).get(reverse("need-matches", args=["N-NONE"]))
    assert response.status_code == 404
