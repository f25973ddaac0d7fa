"""API views for the community tree, the service standard, partners and offerings.

Every queryset starts from a selector, so what lies outside one's scope is absent from
lists and answers 404. Writes go through ``partners.services``, which decide who may.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.signin import LockoutAwareTokenView
from partners import services
from partners.api import serializers as s
from partners.api.filters import CommunityFilter, OfferingFilter, PartnerFilter
from partners.models import (
    BeneficiaryGroup,
    Category,
    Community,
    DeliveryMode,
    Offering,
    OfferingArea,
    Partner,
)
from partners.selectors import communities_visible_to, offerings_visible_to, partners_visible_to


def read_views(serializer: type[serializers.BaseSerializer[Any]]) -> dict[str, Any]:
    """Schema for list and retrieve, with the error shape."""
    return {
        "list": extend_schema(responses={200: serializer(many=True), **s.ERRORS_READ}),
        "retrieve": extend_schema(responses={200: serializer, **s.ERRORS_READ}),
    }


def write_views(serializer: type[serializers.BaseSerializer[Any]]) -> dict[str, Any]:
    """Schema for create, update and delete, with the error shape."""
    return {
        "create": extend_schema(responses={201: serializer, **s.ERRORS_WRITE}),
        "update": extend_schema(responses={200: serializer, **s.ERRORS_WRITE}),
        "partial_update": extend_schema(responses={200: serializer, **s.ERRORS_WRITE}),
        "destroy": extend_schema(responses={204: None, **s.ERRORS_WRITE}),
    }


@extend_schema(
    tags=["auth"],
    request=AuthTokenSerializer,
    responses={
        200: inline_serializer("Token", {"token": serializers.CharField()}),
        400: s.ErrorSerializer,
        429: s.ErrorSerializer,
    },
)
class TokenView(LockoutAwareTokenView):
    """Exchange a username and password for the API token (``Authorization: Token …``)."""


# --- Reference data -------------------------------------------------------------------


@extend_schema_view(**read_views(s.CommunitySerializer))
class CommunityViewSet(viewsets.ReadOnlyModelViewSet[Community]):
    """The administrative tree: district → street → community → station."""

    serializer_class = s.CommunitySerializer
    lookup_field = "code"
    filterset_class = CommunityFilter
    ordering_fields = ["code", "name", "level"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Community]:
        return communities_visible_to(self.request.user).select_related("parent")


@extend_schema_view(**read_views(s.CategorySerializer))
class CategoryViewSet(viewsets.ReadOnlyModelViewSet[Category]):
    """Service categories of the standard, with related categories' codes."""

    serializer_class = s.CategorySerializer
    lookup_field = "code"
    queryset = Category.objects.prefetch_related(
        Prefetch("related", queryset=Category.objects.only("code"))
    )
    ordering_fields = ["position", "code"]


@extend_schema_view(**read_views(s.BeneficiaryGroupSerializer))
class BeneficiaryGroupViewSet(viewsets.ReadOnlyModelViewSet[BeneficiaryGroup]):
    """Who a service is for; ``all`` means everyone."""

    serializer_class = s.BeneficiaryGroupSerializer
    lookup_field = "code"
    queryset = BeneficiaryGroup.objects.all()
    ordering_fields = ["position", "code"]


@extend_schema_view(**read_views(s.DeliveryModeSerializer))
class DeliveryModeViewSet(viewsets.ReadOnlyModelViewSet[DeliveryMode]):
    """How a service reaches people."""

    serializer_class = s.DeliveryModeSerializer
    lookup_field = "code"
    queryset = DeliveryMode.objects.all()
    ordering_fields = ["position", "code"]


# --- Partners -----------------------------------------------------------------------------


def with_partner_related(queryset: QuerySet[Partner]) -> QuerySet[Partner]:
    return queryset.select_related("community").prefetch_related(s.tags_prefetch())


@extend_schema_view(
    **read_views(s.PartnerSerializer),
    **{k: v for k, v in write_views(s.PartnerSerializer).items() if k != "destroy"},
)
class PartnerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Partner],
):
    """Neighbourhood partners (近邻合伙人). Registered partners wait for verification by
    the administrators of their home community."""

    serializer_class = s.PartnerSerializer
    lookup_field = "code"
    throttle_scope = "registration"  # self-registration is rate-limited (partners.throttles)
    filterset_class = PartnerFilter
    ordering_fields = ["code", "name", "kind", "status", "created_at"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Partner]:
        return with_partner_related(partners_visible_to(self.request.user))

    def _refetch(self, partner: Partner) -> Partner:
        return with_partner_related(Partner.objects.filter(pk=partner.pk)).get()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        consent = bool(data.pop("consent", False))
        partner = services.partner_register(
            actor=self.request.user, data=cast(services.PartnerData, data), consent=consent
        )
        serializer.instance = self._refetch(partner)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("consent", None)  # consent is given once, on registration
        partner = services.partner_update(
            actor=self.request.user,
            partner=cast(Partner, serializer.instance),
            data=cast(services.PartnerData, data),
        )
        serializer.instance = self._refetch(partner)

    @extend_schema(
        request=s.PartnerStatusSerializer,
        responses={200: s.PartnerSerializer, **s.ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, code: str) -> Response:
        """Verify, suspend or return a partner to pending, with the reason."""
        partner = self.get_object()
        decision = s.PartnerStatusSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        services.partner_set_status(
            actor=request.user,
            partner=partner,
            status=decision.validated_data["status"],
            reason=decision.validated_data["reason"],
        )
        return Response(self.get_serializer(self._refetch(partner)).data)


# --- Offerings ----------------------------------------------------------------------------


def with_offering_related(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    return queryset.select_related("partner", "category").prefetch_related(
        s.tags_prefetch(),
        Prefetch(
            "area_rows",
            queryset=OfferingArea.objects.select_related("community").order_by("position"),
        ),
    )


@extend_schema_view(**read_views(s.OfferingSerializer), **write_views(s.OfferingSerializer))
class OfferingViewSet(viewsets.ModelViewSet[Offering]):
    """What partners offer (资源清单): kept by the partner's members."""

    serializer_class = s.OfferingSerializer
    lookup_field = "code"
    filterset_class = OfferingFilter
    ordering_fields = ["code", "title", "capacity", "valid_from", "valid_until", "created_at"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Offering]:
        return with_offering_related(offerings_visible_to(self.request.user))

    def _refetch(self, offering: Offering) -> Offering:
        return with_offering_related(Offering.objects.filter(pk=offering.pk)).get()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(services.OfferingData, serializer.validated_data)
        offering = services.offering_create(actor=self.request.user, data=data)
        serializer.instance = self._refetch(offering)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = cast(services.OfferingData, serializer.validated_data)
        offering = services.offering_update(
            actor=self.request.user, offering=cast(Offering, serializer.instance), data=data
        )
        serializer.instance = self._refetch(offering)

    def perform_destroy(self, instance: Offering) -> None:
        services.offering_delete(actor=self.request.user, offering=instance)
