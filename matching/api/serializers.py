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
    share = serializers.FloatField(
        help_text="its part of the score (out of 1, not of the match's score); shares add up to it"
    )
    points = serializers.IntegerField(help_text="the same part in whole points out of 100")


class MatchSerializer(serializers.Serializer[Any]):
    offering = serializers.CharField(help_text="offering code")
    partner = serializers.CharField(help_text="partner code")
    partner_name = serializers.CharField()
    offering_title = serializers.CharField()
    score = serializers.FloatField(help_text="0..1; at least the relevance floor")
    points = serializers.IntegerField(help_text="the score in whole points out of 100")
    distinguished_by = serializers.ListField(
        child=serializers.CharField(),
        help_text="when another match has the same title: the facts that differ "
        "(delivery modes, area, weekly hours, validity, cost; else the code)",
    )
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
    weak = serializers.IntegerField(
        help_text="offerings passing the hard rules but below the relevance floor (not listed)"
    )
    excluded = ExclusionSerializer(many=True, required=False, help_text="only with explain=1")
