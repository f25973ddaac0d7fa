"""An administrator's area reaches a query as one parameter, however many communities it
holds (:class:`core.queries.IdSet`), and selects exactly the rows a list of ids would."""

from __future__ import annotations

from typing import Any

from core.queries import CodeSet, IdSet
from needs.models import Need
from needs.selectors import needs_visible_to
from partners.models import Community
from partners.selectors import scope_of
from tests.factories import NeedFactory


def test_an_id_set_selects_what_the_same_ids_listed_select(tree: dict[str, Community]) -> None:
    ids = [tree["C11"].pk, tree["C12"].pk, tree["C11"].pk]
    listed = set(Community.objects.filter(id__in=ids).values_list("code", flat=True))
    bound = Community.objects.filter(id__in=IdSet(ids))
    assert set(bound.values_list("code", flat=True)) == listed == {"BA-S1-C1", "BA-S1-C2"}
    assert len(bound.query.sql_with_params()[1]) == 1
    assert not Community.objects.filter(id__in=IdSet([])).exists()


def test_a_street_administrator_sees_the_needs_of_the_street_bound_at_once(
    tree: dict[str, Community], street_admin: Any
) -> None:
    inside = [NeedFactory.create(community=tree[code]).code for code in ("C11", "C12", "X1")]
    NeedFactory.create(community=tree["C21"])
    scope = scope_of(street_admin)
    assert len(scope.area_ids) >= 4
    visible = needs_visible_to(street_admin)
    assert sorted(visible.values_list("code", flat=True)) == sorted(inside)
    assert Need.objects.count() == 4
    # The street, its communities and its station travel as one value.
    params = [p for p in visible.query.sql_with_params()[1] if isinstance(p, int)]
    assert not set(params) & set(scope.area_ids)


def test_a_code_set_selects_what_the_same_codes_listed_select(
    tree: dict[str, Community],
) -> None:
    codes = ["BA-S1-C2", "BA-S1-C1", "NOPE", "BA-S1-C1"]
    bound = Community.objects.filter(code__in=CodeSet(codes))
    assert sorted(bound.values_list("code", flat=True)) == ["BA-S1-C1", "BA-S1-C2"]
    assert len(bound.query.sql_with_params()[1]) == 1
    assert not Community.objects.filter(code__in=CodeSet([])).exists()
