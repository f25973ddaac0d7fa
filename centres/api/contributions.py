"""What partners have given, in the API: one partner's contribution for a period, and
a district's annual recognition list."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.contributions import Contribution, RecognitionRow, period_of, recognition
from centres.contributions import partner_contribution as contribution_of
from partners.api.serializers import ERRORS_READ
from partners.models import Community
from partners.rules import can_administer
from partners.selectors import partners_visible_to


class PeriodQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)


class ContributionSerializer(serializers.Serializer[Any]):
    partner = serializers.CharField(source="partner.code")
    period = serializers.CharField(source="period.label")
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    projects_delivered = serializers.IntegerField()
    activities_held = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    residents_served = serializers.IntegerField(
        help_text="distinct residents checked in at its activities, each counted once"
    )
    people_served = serializers.IntegerField(help_text="what its project records say")
    ratings = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)


class RecognitionRowSerializer(serializers.Serializer[Any]):
    partner = serializers.CharField(source="partner.code")
    partner_name = serializers.CharField(source="partner.name")
    residents_served = serializers.IntegerField()
    people_served = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)
    ratings = serializers.IntegerField()
    serving_since = serializers.DateField(allow_null=True)


class RecognitionSerializer(serializers.Serializer[Any]):
    district = serializers.CharField()
    year = serializers.IntegerField()
    served = RecognitionRowSerializer(many=True, help_text="most residents served")
    rated = RecognitionRowSerializer(many=True, help_text="best rated (at least 3 ratings)")
    longest = RecognitionRowSerializer(many=True, help_text="longest serving")


class PartnerContributionView(APIView):
    """What a partner gave in a year or quarter: projects delivered, activities held,
    hours, residents served (each once), ratings. Counts only: no resident's data."""

    @extend_schema(
        tags=["partners"],
        operation_id="partners_contribution",
        parameters=[
            PeriodQuerySerializer,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="partner code"),
        ],
        responses={200: ContributionSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, code: str) -> Response:
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        partner = get_object_or_404(partners_visible_to(request.user), code=code)
        data = query.validated_data
        c: Contribution = contribution_of(partner, period_of(data["year"], data.get("quarter")))
        return Response(ContributionSerializer(c).data)


class RecognitionView(APIView):
    """A district's annual recognition list, for its administrators."""

    @extend_schema(
        tags=["insights"],
        operation_id="insights_recognition",
        parameters=[
            PeriodQuerySerializer,
            OpenApiParameter("district", str, description="district code", required=True),
        ],
        responses={200: RecognitionSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        district = get_object_or_404(
            Community.objects.filter(level=Community.Level.DISTRICT),
            code=request.query_params.get("district", ""),
        )
        if not can_administer(request.user, district.pk):
            raise PermissionDenied("只有区管理员可以查看 / the district's administrators only")
        year = query.validated_data["year"]
        lists: dict[str, list[RecognitionRow]] = recognition(district, year)
        return Response(
            RecognitionSerializer({"district": district.code, "year": year, **lists}).data
        )
