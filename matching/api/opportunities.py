"""认领 in the API: a partner's opportunities (the open needs its offerings could serve,
ranked in reverse) and claiming one of them."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.problems import Problems
from matching.api.serializers import ReasonSerializer
from matching.presenters import points, reasons_payload
from matching.selectors import (
    OPPORTUNITIES_MAX,
    OpportunityRow,
    opportunities_for,
    partners_claiming_for,
)
from matching.services import need_claim
from needs.api.serializers import ProjectDetailSerializer
from needs.api.views import with_project_detail
from needs.models import Need, Project
from partners.api.serializers import ERRORS_READ, ERRORS_WRITE, ErrorSerializer
from partners.models import Offering, Partner


class OpportunityQuerySerializer(serializers.Serializer[Any]):
    """Query parameters of ``GET /api/v1/partners/{code}/opportunities/``."""

    limit = serializers.IntegerField(
        min_value=1, max_value=OPPORTUNITIES_MAX, default=20, help_text="how many needs (1–100)"
    )
    category = serializers.CharField(
        required=False, help_text="only needs of this category (as set, or as read)"
    )
    max_km = serializers.FloatField(
        required=False, min_value=0, max_value=1000, help_text="only needs within this distance"
    )


class OpportunitySerializer(serializers.Serializer[Any]):
    need = serializers.CharField(help_text="need code")
    title = serializers.CharField()
    description = serializers.CharField(help_text="the need's words; never an address or phone")
    community = serializers.CharField(help_text="community code")
    community_name = serializers.CharField()
    category = serializers.CharField(allow_null=True, help_text="as set, or as read")
    quantity = serializers.IntegerField()
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    priority = serializers.CharField()
    small_wish = serializers.BooleanField(help_text="微心愿: a resident's need for one unit")
    km = serializers.FloatField(allow_null=True, help_text="from the partner to the community")
    offering = serializers.CharField(help_text="the partner's offering that fits it best")
    offering_title = serializers.CharField()
    score = serializers.FloatField(help_text="the score the need's own ranking gives it")
    points = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)


class ClaimSerializer(serializers.Serializer[Any]):
    offering = serializers.CharField(help_text="code of your partner's offering")
    quantity = serializers.IntegerField(min_value=1, default=1)
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=500, help_text="what you offer"
    )


def opportunity_payload(row: OpportunityRow) -> dict[str, Any]:
    need = row.need
    return {
        "need": need.code,
        "title": need.title,
        "description": need.description,
        "community": need.community.code,
        "community_name": need.community.name,
        "category": row.category,
        "quantity": need.quantity,
        "window_start": need.window_start,
        "window_end": need.window_end,
        "priority": need.priority,
        "small_wish": row.small_wish,
        "km": row.km,
        "offering": row.offering.code,
        "offering_title": row.offering.title,
        "score": row.match.score,
        "points": points(row.match.score),
        "reasons": reasons_payload(row.match.reasons),
    }


def claiming_partner(user: Any, code: str) -> Partner:
    """The partner ``code`` if ``user`` claims for it; 404 for partners she cannot see
    at all, 403 for others."""
    partner = get_object_or_404(Partner.objects.all(), code=code)
    if not partners_claiming_for(user).filter(pk=partner.pk).exists():
        raise PermissionDenied(
            "只有已审核合伙人的成员可以认领 / members of a verified partner only"
        )
    return partner


class OpportunitiesView(APIView):
    """认领: the open needs this partner's offerings could serve, best first, each scored
    as the need's own ranking scores that offering. For the partner's members."""

    @extend_schema(
        tags=["matching"],
        operation_id="partners_opportunities",
        parameters=[
            OpportunityQuerySerializer,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="partner code"),
        ],
        responses={200: OpportunitySerializer(many=True), 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, code: str) -> Response:
        query = OpportunityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        partner = claiming_partner(request.user, code)
        data = query.validated_data
        rows = opportunities_for(
            partner=partner,
            category=data.get("category") or None,
            max_km=data.get("max_km"),
            limit=data["limit"],
        )
        return Response([opportunity_payload(row) for row in rows])


class NeedClaimView(APIView):
    """认领: a member of a verified partner claims an open need with one of its
    offerings. The community confirms or declines the claim within its district's
    time; a small wish may be confirmed at once where the district says so."""

    @extend_schema(
        tags=["needs"],
        operation_id="needs_claim",
        request=ClaimSerializer,
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="need code")],
        responses={201: ProjectDetailSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request, code: str) -> Response:
        form = ClaimSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        need = get_object_or_404(Need.objects.select_related("community"), code=code)
        partners = partners_claiming_for(request.user)
        if not partners.exists():
            raise PermissionDenied(
                "只有已审核合伙人的成员可以认领 / members of a verified partner only"
            )
        offering = (
            Offering.objects.select_related("partner")
            .filter(code=data["offering"], partner__in=partners)
            .first()
        )
        if offering is None:
            problems = Problems()
            problems.add(
                "offering", f"不是贵单位的资源 / not your partner's offering: {data['offering']!r}"
            )
            problems.raise_if_any()
        project = need_claim(
            actor=request.user,
            need=need,
            offering=cast(Offering, offering),
            quantity=data["quantity"],
            note=data["note"],
        )
        fresh = with_project_detail(Project.objects.filter(pk=project.pk)).get()
        body = ProjectDetailSerializer(fresh, context={"request": request}).data
        return Response(body, status=201)
