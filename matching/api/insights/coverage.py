"""Coverage of an area in a quarter: need units against reachable capacity, per community
and category (``matching.insights.coverage``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.api.insights import InsightQuerySerializer, area_and_quarter
from matching.insights.coverage import coverage_report
from partners.api.serializers import ERRORS_READ, ErrorSerializer


class CoverageQuerySerializer(InsightQuerySerializer):
    gaps_only = serializers.BooleanField(
        default=False, help_text="only the communities and categories with a gap"
    )


class CoverageRowSerializer(serializers.Serializer[Any]):
    community = serializers.CharField(help_text="community code")
    community_name = serializers.CharField()
    category = serializers.CharField(help_text="service category code")
    category_name = serializers.CharField()
    need_units = serializers.IntegerField(help_text="units of open needs in the quarter")
    reachable_capacity = serializers.IntegerField(
        help_text="units left in offerings that pass the ranking's hard rules for the community"
    )
    gap = serializers.IntegerField(help_text="need units beyond the reachable capacity (≥ 0)")
    offerings = serializers.IntegerField(help_text="how many offerings can reach it")
    partners = serializers.IntegerField(help_text="how many partners can reach it")


class CoverageView(APIView):
    """For every community of the area and every service category: the need units open in
    the quarter, the capacity left in offerings that can serve the community under the
    ranking's hard rules, and the gap. Only administrators over the area may read it."""

    @extend_schema(
        tags=["insights"],
        operation_id="insights_coverage",
        parameters=[CoverageQuerySerializer],
        responses={200: CoverageRowSerializer(many=True), 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        scope, quarter, query = area_and_quarter(request, CoverageQuerySerializer)
        report = coverage_report(scope=scope, quarter=quarter)
        return Response(report.rows(gaps_only=query["gaps_only"]))
