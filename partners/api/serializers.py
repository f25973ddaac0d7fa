"""Representations of the community tree, the service standard, partners and offerings.

They mirror the interchange format (references are codes, a service area is
``{"communities": [...]}`` or ``{"radius_km": n}``) plus read-only extras. Serializers
check shapes and types only; the services own the domain rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from core.validators import CODE_LENGTH, MAX_COUNT, code_problem, validate_code
from partners.catalogue import CatalogueEntry, Exclusion, catalogue_entries
from partners.models import (
    BeneficiaryGroup,
    Category,
    Community,
    DeliveryMode,
    Offering,
    Partner,
)
from partners.selectors import contact_for

# How many of a category's situations the API shows as examples.
SITUATION_EXAMPLES = 5

# --- Fields shared by every app's API -----------------------------------------------------

# Counts are PositiveIntegerFields: a 4-byte integer on PostgreSQL. SQLite would store
# more, so the bound is given here rather than left to the database's range.


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.Field[str, str, str | None, Any]):
    """A reference written and shown as the referenced record's code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", False)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return value.code if value is not None else None

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or not data.strip():
            raise serializers.ValidationError("expected a code (a non-empty string)")
        code = data.strip()
        # Refused before any lookup: PostgreSQL rejects NUL even in a query, and no
        # record's code can hold anything the code rule refuses.
        problem = code_problem(code)
        if problem is not None:
            raise serializers.ValidationError(problem)
        return code


def new_code_field() -> serializers.CharField:
    """The ``code`` of a record being created: optional, one is given when absent."""
    return serializers.CharField(
        max_length=CODE_LENGTH,
        required=False,
        validators=[validate_code],
        help_text="given when absent; ASCII letters, digits, - and _",
    )


# The attribute the tags of listed records are prefetched into (:func:`tags_prefetch`).
TAG_LIST = "tag_list"


def tags_prefetch() -> Prefetch:
    """Tags prefetched into a plain list (:data:`TAG_LIST`), which :class:`TagsField`
    reads. Prefetched through taggit's manager, each record built a filtered queryset of
    its own (taggit's ``tags_for``) to hold its tags: about 7 ms of the 49 a page of
    needs took. (A new one each time: Django may re-prefix a shared one.)"""
    return Prefetch("tags", to_attr=TAG_LIST)


class TagsField(serializers.ListField):
    """Free tags as a list of strings; read from the list :func:`tags_prefetch` fills
    when the record has it, else from its ``tags``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=100))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        prefetched = getattr(instance, TAG_LIST, None)
        return prefetched if prefetched is not None else super().get_attribute(instance)

    def to_representation(self, data: Any) -> list[str]:
        tags = data if isinstance(data, list) else data.all()
        return sorted(tag.name for tag in tags)


class SlotSerializer(serializers.Serializer[dict[str, Any]]):
    """One weekly time slot (documentation of the shape the services check)."""

    weekday = serializers.IntegerField(min_value=1, max_value=7, help_text="1 Monday … 7 Sunday")
    start = serializers.CharField(help_text="HH:MM")
    end = serializers.CharField(help_text="HH:MM, after start")


@extend_schema_field(SlotSerializer(many=True))
class SlotsField(serializers.JSONField):
    """Weekly slots, handed whole to ``core.validators.slot_problems`` by the
    services so that the API and the bulk interchange report the same problems."""


class CodeListField(serializers.ListField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=CODE_LENGTH))
        super().__init__(**kwargs)


ErrorDetailSerializer = inline_serializer(
    "ErrorDetail",
    {
        "code": serializers.CharField(help_text="stable for clients: invalid, not_found, …"),
        "message": serializers.CharField(),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="field path → messages; empty when the error is not about a field",
        ),
    },
)


class ErrorSerializer(serializers.Serializer[Any]):
    """The one JSON error shape of the API."""

    error = ErrorDetailSerializer


ERRORS_READ = {401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
ERRORS_WRITE = {400: ErrorSerializer, **ERRORS_READ, 409: ErrorSerializer}

# --- Reference data -------------------------------------------------------------------


class CommunitySerializer(serializers.ModelSerializer[Community]):
    # A field named like Field.parent; the serializer metaclass takes it off the class.
    parent = CodeField(read_only=True, allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = Community
        fields = ["code", "name", "level", "parent", "lat", "lng"]


class CategoryExclusionSerializer(serializers.Serializer[Exclusion]):
    text = serializers.CharField(read_only=True, help_text="what the category does not cover")
    category = serializers.CharField(read_only=True, help_text="the category that does")


class CategorySerializer(serializers.ModelSerializer[Category]):
    """A category of the standard with its entry in the service catalogue (服务目录)."""

    related: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    typical_beneficiaries = serializers.ListField(child=serializers.CharField(), read_only=True)
    typical_modes = serializers.ListField(child=serializers.CharField(), read_only=True)
    summary_zh = serializers.SerializerMethodField()
    summary_en = serializers.SerializerMethodField()
    covers = serializers.SerializerMethodField(help_text="the services the category covers")
    excludes = serializers.SerializerMethodField(
        help_text="what it does not cover, and which category does"
    )
    situation_examples = serializers.SerializerMethodField(
        help_text="a few of the ways residents describe situations it serves"
    )
    situations_count = serializers.SerializerMethodField(
        help_text="how many such descriptions the catalogue holds"
    )

    class Meta:
        model = Category
        fields = [
            "code",
            "name_zh",
            "name_en",
            "related",
            "typical_beneficiaries",
            "typical_modes",
            "summary_zh",
            "summary_en",
            "covers",
            "excludes",
            "situation_examples",
            "situations_count",
        ]

    def _entry(self, category: Category) -> CatalogueEntry | None:
        return catalogue_entries().get(category.code)

    def get_summary_zh(self, category: Category) -> str:
        entry = self._entry(category)
        return entry["summary_zh"] if entry else ""

    def get_summary_en(self, category: Category) -> str:
        entry = self._entry(category)
        return entry["summary_en"] if entry else ""

    def get_covers(self, category: Category) -> list[str]:
        entry = self._entry(category)
        return entry["covers"] if entry else []

    @extend_schema_field(CategoryExclusionSerializer(many=True))
    def get_excludes(self, category: Category) -> list[Exclusion]:
        entry = self._entry(category)
        return entry["excludes"] if entry else []

    def get_situation_examples(self, category: Category) -> list[str]:
        entry = self._entry(category)
        return entry["situations"][:SITUATION_EXAMPLES] if entry else []

    def get_situations_count(self, category: Category) -> int:
        entry = self._entry(category)
        return len(entry["situations"]) if entry else 0


class BeneficiaryGroupSerializer(serializers.ModelSerializer[BeneficiaryGroup]):
    class Meta:
        model = BeneficiaryGroup
        fields = ["code", "name_zh", "name_en"]


class DeliveryModeSerializer(serializers.ModelSerializer[DeliveryMode]):
    class Meta:
        model = DeliveryMode
        fields = ["code", "name_zh", "name_en"]


# --- Partners -----------------------------------------------------------------------------


class PartnerSerializer(serializers.ModelSerializer[Partner]):
    """A partner. ``contact_name``, ``phone`` and a resident partner's ``address`` and
    location are personal data: masked unless ``contact_for`` shows them."""

    code = new_code_field()
    community = CodeField(help_text="home community code")
    community_name = serializers.CharField(source="community.name", read_only=True)
    tags = TagsField()
    consent = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "true when the registering person ticked the registration notice; "
            "required on registration by anyone who does not administer the home community"
        ),
    )

    class Meta:
        model = Partner
        fields = [
            "code",
            "name",
            "kind",
            "unit_type",
            "community",
            "community_name",
            "address",
            "lat",
            "lng",
            "contact_name",
            "phone",
            "description",
            "tags",
            "status",
            "status_reason",
            "status_changed_at",
            "created_at",
            "updated_at",
            "consent",
        ]
        read_only_fields = ["status_reason", "status_changed_at", "created_at", "updated_at"]
        extra_kwargs = {
            "lat": {"min_value": -90, "max_value": 90},
            "lng": {"min_value": -180, "max_value": 180},
        }

    def to_representation(self, instance: Partner) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        viewer = request.user if request is not None else AnonymousUser()
        contact = contact_for(viewer, instance)
        if contact.masked:
            data["contact_name"] = contact.name
            data["phone"] = contact.phone
            data["address"] = contact.address
            data["lat"] = contact.lat
            data["lng"] = contact.lng
        return data


class PartnerStatusSerializer(serializers.Serializer[Partner]):
    """A verification decision."""

    status = serializers.ChoiceField(choices=Partner.Status.choices)
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


# --- Offerings ----------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "object",
                "properties": {"communities": {"type": "array", "items": {"type": "string"}}},
                "required": ["communities"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {
                    "radius_km": {"type": "number", "minimum": 0, "exclusiveMinimum": True}
                },
                "required": ["radius_km"],
                "additionalProperties": False,
            },
        ]
    }
)
class ServiceAreaField(serializers.Field[Any, Any, Any, Any]):
    """``{"communities": [codes]}`` (order kept) or ``{"radius_km": n}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, offering: Offering) -> dict[str, Any]:
        if offering.area_radius_km is not None:
            return {"radius_km": offering.area_radius_km}
        return {"communities": [row.community.code for row in offering.area_rows.all()]}

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                'expected {"communities": [codes]} or {"radius_km": n}'
            )
        return {"service_area": data}


class OfferingSerializer(serializers.ModelSerializer[Offering]):
    code = new_code_field()
    partner = CodeField(help_text="partner code; it never changes")
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    category = CodeField(required=False, allow_null=True, help_text="category code")
    tags = TagsField()
    modes = CodeListField(help_text="delivery mode codes, at least one")
    service_area = ServiceAreaField()
    beneficiaries = CodeListField(required=False, help_text="beneficiary group codes")
    availability = SlotsField(required=False)

    class Meta:
        model = Offering
        fields = [
            "code",
            "partner",
            "partner_name",
            "title",
            "description",
            "category",
            "tags",
            "modes",
            "service_area",
            "beneficiaries",
            "capacity",
            "unit",
            "availability",
            "valid_from",
            "valid_until",
            "cost",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"capacity": {"max_value": MAX_COUNT}}
