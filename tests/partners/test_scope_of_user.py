"""Who sees which part of the tree: the scope a role gives."""

import pytest

from partners.models import Role
from partners.selectors import (
    community_subtree_ids,
    mask_name,
    mask_phone,
    partners_visible_to,
    scope_of,
)
from tests.factories import PartnerFactory, UserFactory, make_tree, user_with_role

pytestmark = pytest.mark.django_db


def test_subtree_holds_the_node_and_everything_under_it():
    tree = make_tree()
    ids = community_subtree_ids([tree["S1"].pk])
    assert ids == {tree[k].pk for k in ("S1", "C11", "C12", "X1")}


def test_subtree_of_several_roots_reads_only_their_subtrees():
    tree = make_tree()
    ids = community_subtree_ids([tree["C11"].pk, tree["S2"].pk, tree["C11"].pk])
    assert ids == {tree[k].pk for k in ("C11", "X1", "S2", "C21")}
    assert community_subtree_ids([tree["X1"].pk]) == {tree["X1"].pk}
    assert community_subtree_ids([tree["BA"].pk]) == {c.pk for c in tree.values()}
    assert community_subtree_ids([]) == frozenset()


def test_street_administrator_scope_covers_its_communities_and_stations():
    tree = make_tree()
    scope = scope_of(user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"]))
    assert tree["X1"].pk in scope.area_ids
    assert tree["C21"].pk not in scope.area_ids


def test_user_without_role_sees_no_pending_partner():
    tree = make_tree()
    PartnerFactory.create(community=tree["C11"], status="pending")
    visible = PartnerFactory.create(community=tree["C11"], status="verified")
    assert list(partners_visible_to(UserFactory.create())) == [visible]


def test_secretary_sees_pending_partners_of_her_community_only():
    tree = make_tree()
    mine = PartnerFactory.create(community=tree["C11"], status="pending")
    PartnerFactory.create(community=tree["C21"], status="pending")
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    assert list(partners_visible_to(secretary)) == [mine]


def test_masking_keeps_enough_to_recognise():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("王建国") == "王**"
    assert mask_phone("") == ""
