"""数据洞察 endpoints: an area's coverage, partner network, trends and recommendations
for a quarter, read by the administrators over the area (``matching.see_insights``).

Every endpoint takes the area (``scope``) and the quarter the same way
(:class:`InsightQuerySerializer`, :func:`area_and_quarter`): an unknown area or a bad
quarter is 400 naming the field, an area one does not administer 403.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from matching.engine.quarters import Quarter
from matching.insights.scope import insight_quarter, insight_scope
from partners.models import Community


class InsightQuerySerializer(serializers.Serializer[Any]):
    """Which area and quarter an insight is about."""

    scope = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="code of a district, street or community one administers "
        "(default: the widest one administers)",
    )
    quarter = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="a quarter such as 2026Q4 (default: the current one)",
    )


def area_and_quarter(
    request: Request, serializer: type[InsightQuerySerializer] = InsightQuerySerializer
) -> tuple[Community, Quarter, dict[str, Any]]:
    """The area and quarter of the request, checked, with the other validated parameters;
    raises the DomainError (400/403) or ValidationError (400) that answers the request."""
    query = serializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    quarter = insight_quarter(data.get("quarter") or None)
    area = insight_scope(user=request.user, code=data.get("scope") or None)
    return area, quarter, data
