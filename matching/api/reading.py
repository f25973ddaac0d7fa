"""The reading endpoint: what a text is about as the engine reads it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import has_perm, require
from matching.selectors import read_text, reader_district, reading_payload
from partners.api.serializers import ERRORS_READ, ErrorSerializer

# Longer texts say nothing more about a need and cost more to read.
MAX_TEXT = 2000


class ReadQuerySerializer(serializers.Serializer[Any]):
    text = serializers.CharField(
        max_length=MAX_TEXT, help_text="a need's title and description, as typed"
    )


class ReadCategorySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField(help_text="the category's Chinese name")
    name_en = serializers.CharField()
    probability = serializers.FloatField(help_text="calibrated: right about this often")


class ReadingSerializer(serializers.Serializer[Any]):
    categories = ReadCategorySerializer(many=True, help_text="the three likeliest, best first")
    modes = serializers.ListField(
        child=serializers.CharField(), help_text="delivery modes the text implies"
    )
    beneficiaries = serializers.ListField(
        child=serializers.CharField(), help_text="beneficiary groups the text names"
    )
    confident = serializers.BooleanField(
        help_text="false: the engine is unsure, ask to pick among the categories"
    )


class CategorySuggestView(APIView):
    """The categories a need's text reads as (calibrated probabilities), the delivery
    modes and beneficiary groups it implies, and whether the engine is confident, read
    with the confirmed examples of the caller's district. For those who post needs; the
    need form reads the same way."""

    @extend_schema(
        tags=["matching"],
        operation_id="categories_suggest",
        parameters=[ReadQuerySerializer],
        responses={200: ReadingSerializer, 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        require(
            has_perm(request.user, "matching.read_text"),
            "Only those who post needs may have texts read.",
        )
        query = ReadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        reading = read_text(query.validated_data["text"], district=reader_district(request.user))
        return Response(reading_payload(reading))
