"""Serializers of the matching endpoint: what the engine answered, as JSON."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

MAX_LIMIT = 50


class MatchQuerySerializer(serializers.Serializer[Any]):
    """Query parameters of ``GET /api/v1/needs/{code}/matches/``."""

    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=10, help_text="how many offerings (1–50)"
    )
    explain = serializers.BooleanField(
        default=False, help_text="also list notable offerings left out, and why"
    )


class ReasonSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="stable code of the signal (category, distance…)")
    text_zh = serializers.CharField()
    text_en = serializers.CharField()
    share = serializers.FloatField(help_text="its part of the score; shares add up to it")


class MatchSerializer(serializers.Serializer[Any]):
    offering = serializers.CharField(help_text="offering code")
    partner = serializers.CharField(help_text="partner code")
    partner_name = serializers.CharField()
    offering_title = serializers.CharField()
    score = serializers.FloatField()
    reasons = ReasonSerializer(many=True)


class ExclusionSerializer(serializers.Serializer[Any]):
    offering = serializers.CharField(help_text="offering code")
    partner = serializers.CharField(help_text="partner code")
    partner_name = serializers.CharField()
    offering_title = serializers.CharField()
    code = serializers.CharField(help_text="which hard rule it breaks")
    text_zh = serializers.CharField()
    text_en = serializers.CharField()


class CategoryUnderstoodSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    probability = serializers.FloatField()


class NeedMatchesSerializer(serializers.Serializer[Any]):
    need = serializers.CharField(help_text="need code")
    categories = CategoryUnderstoodSerializer(
        many=True, help_text="what the need is understood to be about"
    )
    matches = MatchSerializer(many=True, help_text="best first")
    excluded = ExclusionSerializer(many=True, required=False, help_text="only with explain=1")
