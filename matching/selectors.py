"""Reads of the matching: ranked offerings for needs, category suggestions, and the
stored suggestions. The API, the pages and the commands all go through these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from matching.engine.types import CategoryGuess, Ranking
from matching.facts import need_facts, needs_facts
from matching.index import current_index
from matching.models import ReadingExample, Suggestion
from needs.models import Need
from partners.selectors import scope_of


def matches_for(*, need: Need, limit: int = 10, explain: bool = False) -> Ranking:
    """The offerings best serving ``need``, best first, with their reasons; with
    ``explain``, also the notable candidates left out and why. The caller has checked
    that the user may see the need (``needs_visible_to``)."""
    return current_index().rank(
        need_facts(need), limit=limit, explain=explain, today=timezone.localdate()
    )


def matches_for_many(*, needs: QuerySet[Need], limit: int = 10) -> list[Ranking]:
    """:func:`matches_for` for many needs at once, in the queryset's order."""
    return current_index().rank_many(needs_facts(needs), limit=limit, today=timezone.localdate())


def suggest_categories(text: str, *, limit: int = 3) -> tuple[CategoryGuess, ...]:
    """The service categories a need's text reads as, most likely first."""
    return current_index().suggest_categories(text, limit=limit)


def suggestions_for(*, need: Need) -> QuerySet[Suggestion]:
    """The suggestions stored for ``need``, best first, with offering and partner."""
    return Suggestion.objects.filter(need=need).select_related("offering__partner").order_by("rank")


def reading_examples_visible_to(
    user: AbstractBaseUser | AnonymousUser,
) -> QuerySet[ReadingExample]:
    """The reading evidence a user may see: that of the districts she administers, and
    that learned from the needs of the areas she administers (a street's, a community's).
    Partners and residents see none."""
    scope = scope_of(user)
    examples = ReadingExample.objects.select_related(
        "district", "category", "need", "created_by", "deactivated_by"
    )
    if scope.everything:
        return examples
    if not scope.area_ids:
        return examples.none()
    return examples.filter(
        Q(district_id__in=scope.area_ids) | Q(need__community_id__in=scope.area_ids)
    )
