"""The recommendations endpoint: what an area's administrators could do about its gaps.

``GET /api/v1/insights/recommendations/?scope=CODE&quarter=2026Q4`` lists, for the
area's communities with a gap in the quarter, the partners to recruit (a gap two
quarters running) and the partners of neighbouring communities to invite to the
liaison meeting (:mod:`matching.insights.recommendations`). Administrators over the
area only.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.api.insights import InsightQuerySerializer, area_and_quarter
from matching.engine.recommendations import KINDS
from matching.insights.recommendations import advice_for
from partners.api.serializers import ERRORS_READ, ErrorSerializer


class RecommendationSerializer(serializers.Serializer[Any]):
    """One recommendation about a community's gap in a category."""

    kind = serializers.ChoiceField(
        choices=list(KINDS),
        help_text="recruit: a gap this quarter and last; invite: a neighbour's partner",
    )
    community = serializers.CharField(help_text="community code")
    community_name = serializers.CharField()
    category = serializers.CharField(help_text="category code")
    category_name = serializers.CharField()
    partner = serializers.CharField(allow_null=True, help_text="partner to invite")
    partner_name = serializers.CharField(allow_null=True)
    via = serializers.CharField(
        allow_null=True, help_text="the neighbouring community the partner serves"
    )
    via_name = serializers.CharField(allow_null=True)
    gap = serializers.IntegerField(help_text="need units no reachable capacity takes")
    previous_gap = serializers.IntegerField(help_text="the gap the quarter before")
    capacity = serializers.IntegerField(
        allow_null=True, help_text="the invited partner's capacity left for the category"
    )
    text_zh = serializers.CharField()
    text_en = serializers.CharField()


class RecommendationsView(APIView):
    """Recommendations for an area in a quarter (服务缺口建议): recruits first, then
    invites; larger gaps first."""

    @extend_schema(
        tags=["insights"],
        operation_id="insights_recommendations",
        parameters=[InsightQuerySerializer],
        responses={200: RecommendationSerializer(many=True), 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        scope, quarter, _ = area_and_quarter(request)
        # The rows already have the documented shape.
        return Response(advice_for(scope=scope, quarter=quarter).rows())
