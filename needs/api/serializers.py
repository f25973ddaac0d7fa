"""Representations of needs, liaison meetings and projects, mirroring the interchange
format (references are codes, ``window`` is ``{"start", "end"}``). Shapes and types
only; ``needs.services`` owns the domain rules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from needs.models import LiaisonMeeting, Need, Project
from partners.api.serializers import (
    CodeField,
    CodeListField,
    SlotsField,
    TagsField,
)
from partners.validators import CODE_LENGTH, MAX_COUNT


class WindowSerializer(serializers.Serializer[Need]):
    """When the need must be delivered; flattened onto the need's two dates."""

    start = serializers.DateField(source="window_start")
    end = serializers.DateField(source="window_end")


class NeedSerializer(serializers.ModelSerializer[Need]):
    code = serializers.CharField(
        max_length=CODE_LENGTH, required=False, help_text="given when absent"
    )
    community = CodeField(help_text="community or station code")
    community_name = serializers.CharField(source="community.name", read_only=True)
    category = CodeField(required=False, allow_null=True, help_text="category code")
    tags = TagsField()
    beneficiaries = CodeListField(required=False, help_text="beneficiary group codes")
    modes = CodeListField(required=False, help_text="acceptable delivery modes; default all")
    window = WindowSerializer(source="*")
    preferred_slots = SlotsField(required=False)
    meeting = CodeField(required=False, allow_null=True, help_text="meeting code")

    class Meta:
        model = Need
        fields = [
            "code",
            "community",
            "community_name",
            "title",
            "description",
            "category",
            "tags",
            "beneficiaries",
            "quantity",
            "modes",
            "window",
            "preferred_slots",
            "priority",
            "source",
            "meeting",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"quantity": {"max_value": MAX_COUNT}}


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class AttendeesField(serializers.ListField):
    """Attendee partner codes in the order given, read from the prefetched rows."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=CODE_LENGTH))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def get_attribute(self, instance: LiaisonMeeting) -> list[str]:
        return [row.partner.code for row in instance.attendee_rows.all()]

    def to_representation(self, data: Any) -> list[str]:
        return list(data)


class MeetingSerializer(serializers.ModelSerializer[LiaisonMeeting]):
    code = serializers.CharField(
        max_length=CODE_LENGTH, required=False, help_text="given when absent"
    )
    community = CodeField(help_text="community code")
    community_name = serializers.CharField(source="community.name", read_only=True)
    attendees = AttendeesField(help_text="partner codes, in order")

    class Meta:
        model = LiaisonMeeting
        fields = [
            "code",
            "community",
            "community_name",
            "date",
            "start_time",
            "end_time",
            "place",
            "title",
            "status",
            "attendees",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    need = CodeField(read_only=True)
    offering = CodeField(read_only=True)
    partner = serializers.CharField(source="offering.partner.code", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "need",
            "offering",
            "partner",
            "quantity",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
