"""数据洞察: the insights pages of an area and a quarter — coverage (``coverage``), the
partner network (``network``) and the quarters' trends (``trends``). They share the
area and quarter chooser (:func:`insight_context`) and the tabs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from core.errors import DomainError
from matching.engine.quarters import Quarter
from matching.insights.scope import insight_areas, insight_quarter, insight_scope

# How many quarters back the quarter chooser offers.
QUARTERS_BACK = 8


def quarter_choices() -> list[str]:
    """The next quarter, this one and :data:`QUARTERS_BACK` before it, newest first."""
    this = Quarter.of(timezone.localdate())
    quarters = [this.next(), this]
    for _ in range(QUARTERS_BACK):
        quarters.append(quarters[-1].previous())
    return [str(q) for q in quarters]


def insight_context(request: HttpRequest, tab: str) -> dict[str, Any]:
    """The area (``?scope=``) and quarter (``?quarter=``) a page is about, the choices for
    both and the tab; 404 for an area the user does not administer, an unknown one, or
    a user who administers none (as for any object outside one's scope)."""
    try:
        area = insight_scope(user=request.user, code=request.GET.get("scope") or None)
        quarter = insight_quarter(request.GET.get("quarter") or None)
    except DomainError as exc:
        raise Http404(str(exc)) from None
    return {
        "tab": tab,
        "area": area,
        "areas": insight_areas(request.user),
        "quarter": str(quarter),
        "quarter_value": quarter,
        "quarters": quarter_choices(),
    }
