"""The prior of a need's beneficiaries and modes gives each category the share of the
named groups (``all`` aside) and of the modes that the standard lists as typical of it,
need by need, whatever other needs are read with it. A category serving everyone counts
each group it does not name at EVERYONE_SHARE."""

from __future__ import annotations

from matching.engine.categories import BENEFICIARY_PRIOR, EVERYONE_SHARE, MODE_PRIOR
from tests.matching.engine.builders import index, offering

CONTEXTS = [
    (frozenset(), frozenset()),
    (frozenset({"elderly"}), frozenset()),
    (frozenset({"all"}), frozenset({"home_visit"})),
    (frozenset({"elderly", "children", "all"}), frozenset({"home_visit", "online"})),
    (frozenset({"no_such_group"}), frozenset({"no_such_mode", "at_center"})),
]


def test_each_context_gets_the_share_the_standard_lists_as_typical() -> None:
    model = index([offering("O1")])._model

    prior = model.context_prior(CONTEXTS)

    assert prior.shape == (len(CONTEXTS), len(model.codes))
    for i, (beneficiaries, modes) in enumerate(CONTEXTS):
        groups = beneficiaries - {"all"}
        for k in range(len(model.codes)):
            expected = 0.0
            if groups:
                typical = model.typical_beneficiaries[k]
                credit = sum(
                    1.0 if g in typical else EVERYONE_SHARE if "all" in typical else 0.0
                    for g in groups
                )
                expected += BENEFICIARY_PRIOR * credit / len(groups)
            if modes:
                expected += MODE_PRIOR * len(modes & model.typical_modes[k]) / len(modes)
            assert abs(prior[i, k] - expected) < 1e-12
    assert prior[0].sum() == 0.0
    assert prior[3].max() > 0.0


def test_a_context_reads_the_same_alone_and_among_others() -> None:
    model = index([offering("O1")])._model

    together = model.context_prior(CONTEXTS)

    for i, context in enumerate(CONTEXTS):
        assert (model.context_prior([context])[0] == together[i]).all()


def test_a_category_serving_everyone_is_typical_for_a_group_it_does_not_name() -> None:
    model = index([offering("O1")])._model
    serving_all = [
        k for k, t in enumerate(model.typical_beneficiaries) if "all" in t and "children" not in t
    ]
    naming_children = [k for k, t in enumerate(model.typical_beneficiaries) if "children" in t]
    naming_neither = [
        k
        for k, t in enumerate(model.typical_beneficiaries)
        if "all" not in t and "children" not in t
    ]
    assert serving_all
    assert naming_children
    assert naming_neither

    prior = model.context_prior([(frozenset({"children"}), frozenset())])[0]

    assert (prior[serving_all] == BENEFICIARY_PRIOR * EVERYONE_SHARE).all()
    assert (prior[naming_children] == BENEFICIARY_PRIOR).all()
    assert (prior[naming_neither] == 0.0).all()
