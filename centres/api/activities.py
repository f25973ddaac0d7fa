"""Activities in the API: what is on, signing up (or the waiting list), cancelling,
check-in by the organiser and the resident's rating."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from centres import activities as services
from centres.models import Activity, Booking, SignUp
from centres.selectors import (
    activities_visible_to,
    bookings_visible_to,
    my_signup,
    places_taken,
    sees_signups,
    signup_name,
)
from core.problems import Problems
from needs.models import Project
from needs.selectors import projects_visible_to
from partners.api.serializers import ERRORS_READ, ERRORS_WRITE
from partners.api.views import read_views
from partners.models import Community, Partner
from partners.selectors import scope_of


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    centre = serializers.CharField(source="centre.code")
    centre_name = serializers.CharField(source="centre.name", read_only=True)
    partner = serializers.CharField(
        source="partner.code", required=False, allow_null=True, default=None
    )
    partner_name = serializers.CharField(
        source="partner.name", read_only=True, allow_null=True, default=None
    )
    room = serializers.CharField(
        source="booking.room.name", read_only=True, allow_null=True, default=None
    )
    places_taken = serializers.SerializerMethodField()
    waiting = serializers.SerializerMethodField()
    my_status = serializers.SerializerMethodField(
        help_text="your sign-up: confirmed, waitlisted, or null"
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "centre",
            "centre_name",
            "partner",
            "partner_name",
            "title",
            "description",
            "start",
            "end",
            "booking",
            "project",
            "room",
            "place",
            "capacity",
            "beneficiaries",
            "signup_opens",
            "signup_closes",
            "outsiders_welcome",
            "status",
            "places_taken",
            "waiting",
            "my_status",
        ]
        read_only_fields = ["id", "status", "centre_name", "room"]
        extra_kwargs = {
            "booking": {"required": False, "allow_null": True},
            "project": {"required": False, "allow_null": True},
        }

    def get_places_taken(self, activity: Activity) -> int:
        return places_taken(activity)[0]

    def get_waiting(self, activity: Activity) -> int:
        return places_taken(activity)[1]

    def get_my_status(self, activity: Activity) -> str | None:
        request = self.context.get("request")
        mine = my_signup(request.user, activity) if request is not None else None
        return mine.status if mine is not None else None


class SignUpSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    activity = serializers.IntegerField(source="activity_id")
    status = serializers.CharField()
    position = serializers.IntegerField(help_text="place on the waiting list (0: not waiting)")
    code = serializers.CharField(allow_null=True, help_text="her check-in code, to herself only")
    name = serializers.CharField(
        allow_null=True,
        help_text="the community sees names; the organising partner first characters only",
    )
    checked_in_at = serializers.DateTimeField(allow_null=True)
    rating = serializers.IntegerField(allow_null=True)


class CheckInSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=8)


class RatingSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


def signup_payload(user: Any, signup: SignUp, view: str) -> dict[str, Any]:
    mine = signup.resident_id == scope_of(user).user_id
    return {
        "id": signup.pk,
        "activity_id": signup.activity_id,
        "status": signup.status,
        "position": services.waiting_position(signup),
        "code": signup.code if mine else None,
        "name": signup_name(user, signup, view) if view else None,
        "checked_in_at": signup.checked_in_at,
        "rating": signup.rating,
    }


@extend_schema_view(
    **read_views(ActivitySerializer),
    create=extend_schema(responses={201: ActivitySerializer, **ERRORS_WRITE}),
)
class ActivityViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Activity]):
    """活动: what is on (``?centre=``, ``?upcoming=1``), published by the community or the
    organising partner; residents sign up, the organiser checks them in."""

    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        rows = activities_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("centre"):
            rows = rows.filter(centre__code=params["centre"])
        if params.get("upcoming") in ("1", "true"):
            rows = rows.filter(end__gt=timezone.now(), status=Activity.Status.PUBLISHED)
        return rows.order_by("start", "id")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        problems = Problems()
        centre = Community.objects.filter(code=data["centre"]["code"]).first()
        if centre is None:
            problems.add("centre", f"unknown community {data['centre']['code']!r}")
        partner = None
        partner_code = (data.get("partner") or {}).get("code")
        if partner_code:
            partner = Partner.objects.filter(code=partner_code).first()
            if partner is None:
                problems.add("partner", f"unknown partner {partner_code!r}")
        booking = data.get("booking")
        if (
            booking is not None
            and not bookings_visible_to(self.request.user).filter(pk=booking.pk).exists()
        ):
            problems.add("booking", "unknown booking")
        project = data.get("project")
        if (
            project is not None
            and not projects_visible_to(self.request.user).filter(pk=project.pk).exists()
        ):
            problems.add("project", "unknown project")
        problems.raise_if_any()
        assert centre is not None  # noqa: S101 - narrowed above
        serializer.instance = services.activity_publish(
            actor=self.request.user,
            centre=centre,
            partner=partner,
            data=services.ActivityData(
                title=data["title"],
                description=data.get("description", ""),
                start=data["start"],
                end=data["end"],
                capacity=data["capacity"],
                booking=booking if isinstance(booking, Booking) else None,
                place=data.get("place", ""),
                beneficiaries=tuple(data.get("beneficiaries") or ()),
                signup_opens=data.get("signup_opens"),
                signup_closes=data.get("signup_closes"),
                outsiders_welcome=data.get("outsiders_welcome", False),
                project=project if isinstance(project, Project) else None,
            ),
        )

    def _one(self, signup: SignUp, status: int = 200) -> Response:
        view = sees_signups(self.request.user, signup.activity)
        return Response(
            SignUpSerializer(signup_payload(self.request.user, signup, view)).data, status=status
        )

    @extend_schema(request=None, responses={201: SignUpSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def signup(self, request: Request, pk: str) -> Response:
        """Sign up: a place while there is one, else the waiting list (``position``)."""
        return self._one(services.signup_join(actor=request.user, activity=self.get_object()), 201)

    @extend_schema(request=None, responses={200: SignUpSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"], url_path="cancel-signup", url_name="cancel-signup")
    def cancel_signup(self, request: Request, pk: str) -> Response:
        """Cancel your sign-up; your place goes to the first waiting."""
        mine = my_signup(request.user, self.get_object())
        if mine is None:
            problems = Problems()
            problems.add("signup", "您没有报名 / you have not signed up")
            problems.raise_if_any()
        assert mine is not None  # noqa: S101 - narrowed above
        services.signup_cancel(actor=request.user, signup=mine)
        return self._one(mine)

    @extend_schema(request=CheckInSerializer, responses={200: SignUpSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request: Request, pk: str) -> Response:
        """The organiser checks a resident in by the code she shows."""
        form = CheckInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        signup = services.signup_check_in(
            actor=request.user, activity=self.get_object(), code=form.validated_data["code"]
        )
        return self._one(signup)

    @extend_schema(request=RatingSerializer, responses={200: SignUpSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str) -> Response:
        """After it, a resident who came rates it (1–5)."""
        form = RatingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        mine = my_signup(request.user, self.get_object())
        if mine is None:
            raise PermissionDenied("只有参加的居民可以评价 / only the resident who came")
        signup = services.signup_rate(
            actor=request.user,
            signup=mine,
            rating=form.validated_data["rating"],
            comment=form.validated_data["comment"],
        )
        return self._one(signup)

    @extend_schema(responses={200: SignUpSerializer(many=True), **ERRORS_READ})
    @action(detail=True, methods=["get"])
    def signups(self, request: Request, pk: str) -> Response:
        """Who signed up: the community sees names and attendance; the organising
        partner first characters of names; others are refused (403)."""
        activity = self.get_object()
        view = sees_signups(request.user, activity)
        if not view:
            raise PermissionDenied(
                "只有社区和承办合伙人可以查看报名 / community and organiser only"
            )
        rows = activity.signups.exclude(status=SignUp.Status.CANCELLED).select_related("resident")
        return Response(
            SignUpSerializer(
                [signup_payload(request.user, s, view) for s in rows.order_by("created_at", "id")],
                many=True,
            ).data
        )
