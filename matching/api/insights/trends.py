"""季度趋势 as JSON: ``GET /api/v1/insights/trends/``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.api.insights import InsightQuerySerializer, area_and_quarter
from matching.insights.trends import MAX_QUARTERS, quarter_trends
from partners.api.serializers import ERRORS_READ, ErrorSerializer


class TrendsQuerySerializer(InsightQuerySerializer):
    """Query parameters of ``GET /api/v1/insights/trends/``."""

    quarters = serializers.IntegerField(
        min_value=1,
        max_value=MAX_QUARTERS,
        default=8,
        help_text=f"how many quarters, ending with ``quarter`` (1–{MAX_QUARTERS})",
    )


class QuarterTrendSerializer(serializers.Serializer[Any]):
    quarter = serializers.CharField(help_text="like 2026Q4")
    needs_raised = serializers.IntegerField(help_text="needs created in the quarter, not drafts")
    needs_served = serializers.IntegerField(
        help_text="distinct needs with work delivered in the quarter"
    )
    units_served = serializers.IntegerField(help_text="units of the work delivered")
    projects_dispatched = serializers.IntegerField()
    projects_declined = serializers.IntegerField()
    days_to_acceptance = serializers.FloatField(
        allow_null=True,
        help_text="median days from dispatch to acceptance of the work accepted in the "
        "quarter; null when none was",
    )
    acceptances = serializers.IntegerField(help_text="how many the median is over")
    average_rating = serializers.FloatField(
        allow_null=True, help_text="mean of the ratings (1–5) given in the quarter, or null"
    )
    ratings = serializers.IntegerField()
    answers_due = serializers.IntegerField(
        help_text="needs and residents' requests whose promised answer (限时办结) fell due"
    )
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="share of those answered in time (0–1), or null"
    )
    activities_held = serializers.IntegerField(help_text="activities held in the quarter")
    residents_attending = serializers.IntegerField(
        help_text="distinct residents checked in at them, each once"
    )


class TrendsView(APIView):
    """季度趋势: an area's figures quarter by quarter, oldest first, ending with
    ``quarter``. Only the administrators over the area may read them (403 otherwise)."""

    @extend_schema(
        tags=["insights"],
        operation_id="insights_trends",
        parameters=[TrendsQuerySerializer],
        responses={200: QuarterTrendSerializer(many=True), 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        area, quarter, query = area_and_quarter(request, TrendsQuerySerializer)
        rows = quarter_trends(scope=area, quarter=quarter, quarters=query["quarters"])
        return Response([asdict(row) for row in rows])
