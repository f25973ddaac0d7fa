"""Representations of needs, liaison meetings and projects, mirroring the interchange
format (references are codes, ``window`` is ``{"start", "end"}``). Shapes and types
only; ``needs.services`` owns the domain rules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.validators import CODE_LENGTH, MAX_COUNT
from matching.engine.quarters import Quarter
from needs import lifecycle, services
from needs.models import (
    Evaluation,
    LiaisonMeeting,
    Need,
    Notification,
    Project,
    ProjectEvent,
    ResidentRequest,
)
from needs.selectors import project_work_for, request_overdue, request_progress
from partners.api.serializers import (
    CodeField,
    CodeListField,
    SlotsField,
    TagsField,
    new_code_field,
)
from partners.selectors import mask_phone


class WindowSerializer(serializers.Serializer[Need]):
    """When the need must be delivered; flattened onto the need's two dates."""

    start = serializers.DateField(source="window_start")
    end = serializers.DateField(source="window_end")


# 限时办结: the promised times and when they were kept, read-only everywhere.
PROMISE_FIELDS = ["respond_by", "complete_by", "responded_at", "completed_at", "policy_version"]


def person_name(user: Any) -> str | None:
    """How a person is named to others: her full name, else her username."""
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


class NeedSerializer(serializers.ModelSerializer[Need]):
    code = new_code_field()
    community = CodeField(help_text="community or station code")
    community_name = serializers.CharField(source="community.name", read_only=True)
    category = CodeField(required=False, allow_null=True, help_text="category code")
    tags = TagsField()
    beneficiaries = CodeListField(required=False, help_text="beneficiary group codes")
    modes = CodeListField(required=False, help_text="acceptable delivery modes; default all")
    window = WindowSerializer(source="*")
    preferred_slots = SlotsField(required=False)
    meeting = CodeField(required=False, allow_null=True, help_text="meeting code")
    consent = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "true when a resident posting her own need ticked the request notice; "
            "required then, ignored for administrators"
        ),
    )
    overdue = serializers.BooleanField(
        read_only=True,
        help_text="still unserved past its window or a promised time (answer, finish)",
    )
    responsible = serializers.CharField(
        source="responsible.username",
        read_only=True,
        allow_null=True,
        help_text="首问负责: who answers for it (the first administrator who acted)",
    )
    responsible_name = serializers.SerializerMethodField()

    def get_responsible_name(self, obj: Need) -> str | None:
        return (
            obj.responsible.get_full_name() or obj.responsible.username if obj.responsible else None
        )

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
            "address",
            "preferred_slots",
            "priority",
            "source",
            "meeting",
            "status",
            "consent",
            "overdue",
            "respond_by",
            "complete_by",
            "responded_at",
            "completed_at",
            "responsible",
            "responsible_name",
            "policy_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "created_at",
            "updated_at",
            "respond_by",
            "complete_by",
            "responded_at",
            "completed_at",
            "policy_version",
        ]
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
    code = new_code_field()
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
    need_title = serializers.CharField(source="need.title", read_only=True)
    offering = CodeField(read_only=True)
    offering_title = serializers.CharField(source="offering.title", read_only=True)
    partner = serializers.CharField(source="offering.partner.code", read_only=True)
    partner_name = serializers.CharField(source="offering.partner.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "need",
            "need_title",
            "offering",
            "offering_title",
            "partner",
            "partner_name",
            "quantity",
            "quarter",
            "status",
            "status_label",
            "claim_note",
            "answer_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProjectEventSerializer(serializers.ModelSerializer[ProjectEvent]):
    """One step of the timeline."""

    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)

    class Meta:
        model = ProjectEvent
        fields = ["action", "from_status", "to_status", "actor", "note", "at"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer[Evaluation]):
    class Meta:
        model = Evaluation
        fields = ["by", "rating", "comment", "created_at"]
        read_only_fields = fields


class ProjectWorkSerializer(serializers.Serializer[Any]):
    description = serializers.CharField()
    community = serializers.CharField()
    address = serializers.CharField(help_text="where the work is done, when given")
    contact_name = serializers.CharField(help_text="the secretary who dispatched it")
    contact_phone = serializers.CharField(help_text="her phone, when she has one on file")
    resident_phone = serializers.CharField(
        help_text="the resident's phone, only when she agreed to share it with this partner"
    )
    note = serializers.CharField(help_text="the dispatch note")


class ServiceRecordSerializer(serializers.Serializer[Any]):
    served_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    people_served = serializers.IntegerField()
    note = serializers.CharField()
    photos = serializers.SerializerMethodField(help_text="links that check who may see them")

    def get_photos(self, record: Any) -> list[str]:
        return [
            f"/projects/{record.project_id}/photos/{photo.pk}/" for photo in record.photos.all()
        ]


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its timeline, its evaluations and what the reader may do now; for
    the community and the partner doing it, what it takes to do the work; once
    delivered, the service record."""

    timeline = ProjectEventSerializer(source="events", many=True, read_only=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(
        help_text="actions the signed-in user may take now (dispatch, accept, …)"
    )
    work = serializers.SerializerMethodField(
        help_text="null unless you are the need's community or the partner it was handed to"
    )
    service_record = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "timeline",
            "evaluations",
            "actions",
            "work",
            "service_record",
        ]
        read_only_fields = fields

    @extend_schema_field(ProjectWorkSerializer(allow_null=True))
    def get_work(self, project: Project) -> dict[str, Any] | None:
        request = self.context.get("request")
        return project_work_for(request.user, project) if request is not None else None

    @extend_schema_field(ServiceRecordSerializer(allow_null=True))
    def get_service_record(self, project: Project) -> dict[str, Any] | None:
        request = self.context.get("request")
        record = getattr(project, "service_record", None)
        if record is None or request is None:
            return None
        if not request.user.has_perm("needs.see_service_record", project):
            return None
        return dict(ServiceRecordSerializer(record).data)

    def get_actions(self, project: Project) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return lifecycle.actions_open_to(request.user, project)


class ProjectCreateSerializer(serializers.Serializer[Project]):
    """Pair a need with an offering (both by code)."""

    need = CodeField(help_text="need code")
    offering = CodeField(help_text="offering code")
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_COUNT)
    status = serializers.ChoiceField(
        choices=[(s, Project.Status(s).label) for s in lifecycle.CREATE_STATUSES],
        default="proposed",
        help_text="proposed, dispatched, or accepted (taken at a liaison meeting)",
    )
    quarter = serializers.CharField(
        required=False, help_text="whose capacity it uses, e.g. 2026Q4; default: see docs"
    )

    def validate_quarter(self, value: str) -> Quarter:
        try:
            return Quarter.parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class DispatchManySerializer(serializers.Serializer[Any]):
    projects = serializers.ListField(
        # Project ids are 64-bit (BigAutoField): a larger number is no project of anyone's.
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        allow_empty=False,
        max_length=200,
        help_text="ids of proposed projects to dispatch, all or none",
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        default="",
        allow_blank=True,
        help_text="shown to the partners on the projects' timelines",
    )


class HandOverSerializer(serializers.Serializer[Any]):
    to = serializers.CharField(
        max_length=150, help_text="username of an administrator of the same community"
    )
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class DeadlinePolicySerializer(serializers.Serializer[Any]):
    district = serializers.CharField(read_only=True, source="district.code")
    rules = serializers.JSONField(
        help_text=(
            'list of {"applies_to": "request"|"need", "source": ""|meeting|resident|survey, '
            '"priority": ""|low|normal|high|urgent, "respond_days", "complete_days"} in '
            "working days of the mainland calendar; the most specific rule applies"
        )
    )
    apply_to_open = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="also count the open needs and requests again (else they keep theirs)",
    )
    claim_answer_days = serializers.IntegerField(
        required=False,
        help_text="认领: working days the community has to answer a partner's claim (1–30)",
    )
    wishes_confirm_on_claim = serializers.BooleanField(
        required=False,
        help_text="认领: a small wish (a resident's need for one unit) is confirmed on claim",
    )
    version = serializers.IntegerField(read_only=True)
    change_note = serializers.CharField(read_only=True)
    changed_at = serializers.DateTimeField(read_only=True, allow_null=True)


class DispatchSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        max_length=500,
        required=False,
        default="",
        allow_blank=True,
        help_text="what the partner should know; shown on the partner's project page",
    )


class DeliverSerializer(serializers.Serializer[Any]):
    """The service record (multipart when photos are sent); without ``hours`` the work is
    marked delivered with no record."""

    served_on = serializers.DateField(required=False, help_text="default: today")
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, help_text="hours spent, 0.5 steps"
    )
    people_served = serializers.IntegerField(required=False, min_value=1, max_value=MAX_COUNT)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=6
    )


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, help_text="required, shown on the timeline")


class DeclineSerializer(ReasonSerializer):
    not_our_kind = serializers.BooleanField(
        required=False,
        default=False,
        help_text="the need is not the kind of service the offering gives: the district's "
        "reading learns that such texts are not of the offering's category",
    )


class EvaluateSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


# --- Residents' requests --------------------------------------------------------------


class RequestProjectSerializer(serializers.ModelSerializer[Project]):
    """A project serving the request, as the resident follows it."""

    offering_title = serializers.CharField(source="offering.title", read_only=True)
    partner_name = serializers.CharField(source="offering.partner.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "offering_title", "partner_name", "status", "status_label"]
        read_only_fields = fields


class ResidentRequestSerializer(serializers.ModelSerializer[ResidentRequest]):
    community = CodeField(help_text="community or station code")
    community_name = serializers.CharField(source="community.name", read_only=True)
    text = serializers.CharField(max_length=services.REQUEST_TEXT_MAX)
    phone = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="contact phone; masked except for the community and the resident",
    )
    resident = serializers.CharField(
        source="resident.username",
        required=False,
        allow_null=True,
        max_length=150,
        help_text="username of the resident a secretary posts for; yourself when a resident",
    )
    consent = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "true when the resident ticked the request notice; required when a resident "
            "posts her own request"
        ),
    )
    share_phone = serializers.BooleanField(
        required=False,
        default=False,
        help_text="the resident agrees that the partner serving her may see her phone",
    )
    urgent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="urgent: answered within the district's shorter time (1 working day)",
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    need = serializers.SerializerMethodField(help_text="code of the need made from it")
    need_status = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(
        help_text="not answered, or not finished, within the promised time"
    )
    progress = serializers.SerializerMethodField(
        help_text="what became of it, in the words the resident is told (who comes, when)"
    )

    def get_progress(self, obj: ResidentRequest) -> str:
        return request_progress(obj)

    responsible = serializers.CharField(
        source="responsible.username", read_only=True, allow_null=True
    )
    responsible_name = serializers.SerializerMethodField()

    def get_overdue(self, obj: ResidentRequest) -> bool:
        return request_overdue(obj)

    def get_responsible_name(self, obj: ResidentRequest) -> str | None:
        return (
            obj.responsible.get_full_name() or obj.responsible.username if obj.responsible else None
        )

    class Meta:
        model = ResidentRequest
        fields = [
            "id",
            "community",
            "community_name",
            "text",
            "phone",
            "resident",
            "share_phone",
            "urgent",
            "status",
            "status_label",
            "reason",
            "need",
            "need_status",
            "projects",
            "created_at",
            "decided_at",
            "consent",
            "progress",
            "overdue",
            "respond_by",
            "complete_by",
            "responded_at",
            "completed_at",
            "responsible",
            "responsible_name",
            "policy_version",
        ]
        read_only_fields = [
            "id",
            "status",
            "reason",
            "created_at",
            "decided_at",
            "respond_by",
            "complete_by",
            "responded_at",
            "completed_at",
            "policy_version",
        ]

    def to_representation(self, instance: ResidentRequest) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if data.get("phone") and (
            request is None or not request.user.has_perm("needs.see_request_phone", instance)
        ):
            data["phone"] = mask_phone(data["phone"])
        return data

    def _need(self, instance: ResidentRequest) -> Need | None:
        try:
            return instance.need
        except Need.DoesNotExist:
            return None

    def get_need(self, instance: ResidentRequest) -> str | None:
        need = self._need(instance)
        return need.code if need else None

    def get_need_status(self, instance: ResidentRequest) -> str | None:
        need = self._need(instance)
        return need.status if need else None

    @extend_schema_field(RequestProjectSerializer(many=True))
    def get_projects(self, instance: ResidentRequest) -> list[dict[str, Any]]:
        need = self._need(instance)
        if need is None:
            return []
        return list(RequestProjectSerializer(need.projects.all(), many=True).data)


class RequestConvertSerializer(serializers.Serializer[Any]):
    """What the community changes in the need pre-filled from the request."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    category = CodeField(required=False, allow_null=True, help_text="category code")
    tags = TagsField()
    beneficiaries = CodeListField(required=False, help_text="beneficiary group codes")
    modes = CodeListField(required=False, help_text="acceptable delivery modes; default all")
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_COUNT, required=False)
    window = WindowSerializer(source="*", required=False)
    priority = serializers.ChoiceField(choices=Need.Priority.choices, required=False)


# --- Notifications --------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    link = serializers.CharField(read_only=True, help_text="the project or request it is about")

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "text",
            "project",
            "request",
            "link",
            "read_at",
            "created_at",
        ]
        read_only_fields = fields
