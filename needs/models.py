"""Needs (需求清单), liaison meetings (党建联席会) and projects (项目清单)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from core.validators import (
    CODE_LENGTH,
    validate_beneficiary_codes,
    validate_code,
    validate_mode_codes,
    validate_slots,
)
from matching.engine.quarters import Quarter
from partners.models import Category, Community, Offering, Partner


class LiaisonMeeting(models.Model):
    """A community's quarterly liaison meeting, where needs are gathered."""

    code = models.CharField("编码", max_length=CODE_LENGTH, unique=True, validators=[validate_code])
    community = models.ForeignKey(
        Community, verbose_name="社区", on_delete=models.PROTECT, related_name="meetings"
    )

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已安排")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    date = models.DateField("日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True, default="")
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes_summary = models.TextField("会议纪要摘要", blank=True, default="")
    host = models.CharField("主持人", max_length=100, blank=True, default="")
    recorder = models.CharField("记录人", max_length=100, blank=True, default="")
    agenda_generated_at = models.DateTimeField("议程生成时间", null=True, blank=True)
    attendees: models.ManyToManyField[Partner, MeetingAttendee] = models.ManyToManyField(
        Partner,
        verbose_name="参会合伙人",
        through="MeetingAttendee",
        blank=True,
        related_name="meetings",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "党建联席会"
        verbose_name_plural = "党建联席会"
        ordering = ["-date", "code"]
        constraints = [
            models.CheckConstraint(
                name="meeting_status_valid",
                condition=Q(status__in=["scheduled", "held", "cancelled"]),
            ),
            models.CheckConstraint(
                name="meeting_times_ordered",
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.date}）"

    @property
    def awaits_minutes(self) -> bool:
        """待补记录: its day has passed and it is still only scheduled (nobody recorded
        that it was held, nor cancelled it)."""
        return self.status == self.Status.SCHEDULED and self.date < timezone.localdate()

    @property
    def quarter(self) -> Quarter:
        """The quarter the meeting plans for: the one its date falls in."""
        return Quarter.of(self.date)


class MeetingAttendee(models.Model):
    """A partner on a meeting's attendee list, in the order given."""

    meeting = models.ForeignKey(
        LiaisonMeeting, on_delete=models.CASCADE, related_name="attendee_rows"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # None until the minutes record who came.
    present = models.BooleanField("出席", null=True, blank=True)

    class Meta:
        verbose_name = "参会合伙人"
        verbose_name_plural = "参会合伙人"
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "partner"], name="meeting_attendee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.partner_id}"


class Promised(models.Model):
    """限时办结 and 首问负责: the times a community promised for answering (respond) and
    finishing (complete) a need or request, stamped from its district's deadline policy
    when it arrives, when that happened, and who is responsible for it."""

    respond_by = models.DateTimeField("响应时限", null=True, blank=True, db_index=True)
    complete_by = models.DateTimeField("办结时限", null=True, blank=True, db_index=True)
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    policy_version = models.PositiveIntegerField(
        "时限规则版本", null=True, blank=True, help_text="the district policy version applied"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="首问负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_responsible_for",
    )
    escalated_at = models.DateTimeField("上报街道时间", null=True, blank=True)

    class Meta:
        abstract = True


class Need(Promised):
    """Something a community needs (需求清单)."""

    class Priority(models.TextChoices):
        LOW = "low", _("低")
        NORMAL = "normal", _("一般")
        HIGH = "high", _("高")
        URGENT = "urgent", _("紧急")

    class Source(models.TextChoices):
        # In context: the same words name whole pages ("Liaison meetings"), here one source.
        MEETING = "meeting", pgettext_lazy("need source", "联席会")
        RESIDENT = "resident", pgettext_lazy("need source", "居民点单")
        SURVEY = "survey", pgettext_lazy("need source", "走访调查")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("待对接")
        MATCHED = "matched", _("已匹配")
        IN_PROGRESS = "in_progress", _("服务中")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    # Published and not yet served: past its window, such a need is overdue (已逾期).
    UNSERVED = ("open", "matched", "in_progress")

    code = models.CharField("编码", max_length=CODE_LENGTH, unique=True, validators=[validate_code])
    community = models.ForeignKey(
        Community, verbose_name="社区", on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField("标题", max_length=200)
    description = models.TextField("描述", blank=True, default="")
    category = models.ForeignKey(
        Category,
        verbose_name="服务类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    tags = TaggableManager("标签", blank=True)
    beneficiaries = models.JSONField(
        "服务对象", default=list, blank=True, validators=[validate_beneficiary_codes]
    )
    quantity = models.PositiveIntegerField("数量", default=1)
    modes = models.JSONField("可接受的服务方式", default=list, validators=[validate_mode_codes])
    address = models.CharField(
        "服务地点",
        max_length=200,
        blank=True,
        default="",
        help_text="where the work is done (a flat, a hall); shown to the partner once dispatched",
    )
    window_start = models.DateField("开始日期")
    window_end = models.DateField("截止日期")
    preferred_slots = models.JSONField(
        "希望的时段", default=list, blank=True, validators=[validate_slots]
    )
    priority = models.CharField(
        "优先级", max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.SURVEY)
    meeting = models.ForeignKey(
        LiaisonMeeting,
        verbose_name="提出的联席会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs_posted",
    )
    request = models.OneToOneField(
        "ResidentRequest",
        verbose_name="来自居民点单",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "需求"
        verbose_name_plural = "需求清单"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(name="need_quantity_positive", condition=Q(quantity__gte=1)),
            models.CheckConstraint(
                name="need_window_ordered", condition=Q(window_end__gte=F("window_start"))
            ),
            models.CheckConstraint(
                name="need_priority_valid",
                condition=Q(priority__in=["low", "normal", "high", "urgent"]),
            ),
            models.CheckConstraint(
                name="need_source_valid", condition=Q(source__in=["meeting", "resident", "survey"])
            ),
            models.CheckConstraint(
                name="need_status_valid",
                condition=Q(
                    status__in=["draft", "open", "matched", "in_progress", "done", "cancelled"]
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status"]),
            # The latest change to any need, looked up before each partner's opportunities.
            models.Index(fields=["updated_at"], name="need_updated_at"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        """已逾期: still waiting to be served, and its window has ended (before today,
        local time) or a promised time (answer, finish) has passed. The lists, their
        downloads, the API and ``needs.selectors.overdue_needs`` all say the same."""
        if self.status not in self.UNSERVED:
            return False
        now = timezone.now()
        return (
            self.window_end < timezone.localdate()
            or (self.responded_at is None and self.respond_by is not None and self.respond_by < now)
            or (
                self.completed_at is None
                and self.complete_by is not None
                and self.complete_by < now
            )
        )

    @property
    def is_small_wish(self) -> bool:
        """微心愿: a resident's need for one unit (the district may let a claim of it be
        confirmed at once)."""
        return self.source == self.Source.RESIDENT and self.quantity == 1

    def clean(self) -> None:
        if self.community_id is not None and self.community.level not in Community.NEED_LEVELS:
            raise ValidationError(
                {"community": "a need belongs to a community or a station, not a whole area"}
            )


class Project(models.Model):
    """A need paired with an offering for a quantity (项目清单)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("拟对接")
        CLAIMED = "claimed", _("已认领待确认")
        DISPATCHED = "dispatched", _("已派单")
        ACCEPTED = "accepted", _("已接单")
        DECLINED = "declined", _("已婉拒")
        IN_PROGRESS = "in_progress", _("服务中")
        DELIVERED = "delivered", _("已完成服务")
        EVALUATED = "evaluated", _("已评价")
        CANCELLED = "cancelled", _("已取消")

    # States in which a pairing is still live (not declined or cancelled).
    LIVE = (
        "proposed",
        "claimed",
        "dispatched",
        "accepted",
        "in_progress",
        "delivered",
        "evaluated",
    )

    # States whose units count against the offering's capacity for the quarter: a claim
    # holds its units until the community confirms or declines it.
    USES_CAPACITY = ("claimed", "accepted", "in_progress", "delivered", "evaluated")

    need = models.ForeignKey(
        Need, verbose_name="需求", on_delete=models.PROTECT, related_name="projects"
    )
    offering = models.ForeignKey(
        Offering, verbose_name="资源", on_delete=models.PROTECT, related_name="projects"
    )
    quantity = models.PositiveIntegerField("数量", default=1)
    quarter = models.CharField(
        "季度", max_length=6, help_text="使用哪个季度的容量，如 2026Q4", db_index=True
    )
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    dispatch_note = models.CharField(
        "派单说明", max_length=500, blank=True, default="", help_text="the secretary's note"
    )
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="派单人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects_dispatched",
    )
    claim_note = models.CharField(
        "认领说明", max_length=500, blank=True, default="", help_text="what the partner offers"
    )
    answer_by = models.DateTimeField(
        "确认时限",
        null=True,
        blank=True,
        help_text="a claim: when the community promised to confirm or decline it",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects_created",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目清单"
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["offering", "quarter", "status"])]
        constraints = [
            models.CheckConstraint(name="project_quantity_positive", condition=Q(quantity__gte=1)),
            models.CheckConstraint(
                name="project_quarter_format", condition=Q(quarter__regex=r"^[0-9]{4}Q[1-4]$")
            ),
            models.CheckConstraint(
                name="project_status_valid",
                condition=Q(
                    status__in=[
                        "proposed",
                        "claimed",
                        "dispatched",
                        "accepted",
                        "declined",
                        "in_progress",
                        "delivered",
                        "evaluated",
                        "cancelled",
                    ]
                ),
            ),
            # One live pairing per need and offering; a declined one may be proposed again.
            models.UniqueConstraint(
                fields=["need", "offering"],
                condition=Q(
                    status__in=[
                        "proposed",
                        "claimed",
                        "dispatched",
                        "accepted",
                        "in_progress",
                        "delivered",
                        "evaluated",
                    ]
                ),
                name="project_one_live_pairing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} ← {self.offering}"


class ProjectEvent(models.Model):
    """One step of a project's timeline: who moved it, when, from which state to which,
    with the note or reason given. Evaluations that leave the state alone are steps too."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16)
    from_status = models.CharField("原状态", max_length=16, blank=True, default="")
    to_status = models.CharField("新状态", max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("说明", blank=True, default="")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "项目进程"
        verbose_name_plural = "项目进程"
        ordering = ["project", "at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.from_status or '—'} → {self.to_status}"


class Evaluation(models.Model):
    """A rating (1–5) of a delivered project (评单): one from the community, and one from
    the resident whose request it served."""

    class By(models.TextChoices):
        COMMUNITY = "community", _("社区")
        RESIDENT = "resident", _("居民")

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="evaluations"
    )
    by = models.CharField("评价方", max_length=16, choices=By.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField("评分")
    comment = models.TextField("评语", blank=True, default="")
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "评价"
        verbose_name_plural = "评价"
        ordering = ["project", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="evaluation_rating_1_to_5", condition=Q(rating__gte=1, rating__lte=5)
            ),
            models.CheckConstraint(
                name="evaluation_by_valid", condition=Q(by__in=["community", "resident"])
            ),
            models.UniqueConstraint(fields=["project", "by"], name="evaluation_once_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.get_by_display()} · {self.rating}"


class ResidentRequest(Promised):
    """A resident's small request (群众点单, 微心愿), posted by her or by a secretary for
    her. The community turns it into a need or declines it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        CONVERTED = "converted", _("已转为需求")
        DECLINED = "declined", _("未采纳")

    community = models.ForeignKey(
        Community, verbose_name="社区", on_delete=models.PROTECT, related_name="requests"
    )
    text = models.TextField("内容")
    phone = models.CharField("联系电话", max_length=32, blank=True, default="")
    urgent = models.BooleanField(
        "紧急",
        default=False,
        help_text="urgent (水管爆了, 老人摔倒): answered within the district's shorter time",
    )
    share_phone = models.BooleanField(
        "同意把电话告诉服务她的合伙人",
        default=False,
        help_text="the resident consented to her phone being shown to the partner serving her",
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="居民",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests_for",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests_entered",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField("未采纳原因", max_length=500, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "居民点单"
        verbose_name_plural = "居民点单（微心愿）"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="request_status_valid",
                condition=Q(status__in=["open", "converted", "declined"]),
            ),
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return self.text[:30]


class Notification(models.Model):
    """An in-app message to one user about a project; also sent by email once."""

    class Kind(models.TextChoices):
        DISPATCHED = "dispatched", _("新派单")
        PROPOSED = "proposed", _("待派单的拟对接项目")
        OVERDUE = "overdue", _("超时未办")
        ACCEPTED = "accepted", _("已接单")
        DECLINED = "declined", _("已婉拒")
        DELIVERED = "delivered", _("服务已完成")
        REQUEST_ACCEPTED = "request_accepted", _("点单已受理")
        REQUEST_DECLINED = "request_declined", _("点单未采纳")
        MEETING_SOON = "meeting_soon", _("会议提醒")
        OFFERING_EXPIRY = "offering_expiry", _("资源即将到期")
        WEEKLY_DIGEST = "weekly_digest", _("每周摘要")
        CLAIMED = "claimed", _("新认领")
        CLAIM_CONFIRMED = "claim_confirmed", _("认领已确认")
        CLAIM_DECLINED = "claim_declined", _("认领未获确认")
        OPPORTUNITIES = "opportunities", _("附近新需求")
        BOOKING = "booking", _("场地预约")
        ACTIVITY = "activity", _("活动")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    text = models.CharField("内容", max_length=500)
    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    request = models.ForeignKey(
        ResidentRequest,
        verbose_name="居民点单",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    # Scheduled notices (reminders, digests) name what they are about here, so a job
    # that runs twice gives each recipient one notice.
    key = models.CharField("去重键", max_length=100, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notification_key_once_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def link(self) -> str:
        """Where the notification leads: the project, the request, or the proposed
        projects waiting for dispatch."""
        if self.kind == self.Kind.PROPOSED:
            return "/api/v1/projects/?status=proposed"
        if self.project_id is not None:
            return f"/api/v1/projects/{self.project_id}/"
        if self.request_id is not None:
            return f"/api/v1/requests/{self.request_id}/"
        return ""


class AgendaItem(models.Model):
    """One item on a liaison meeting's agenda, and what the meeting decided about it.

    Generated items carry, in ``details``, what the data said when the agenda was drawn up
    (last quarter's projects, a need's suggested partners and the reasons, new partners
    and offerings), so the agenda reads the same at the meeting as when it was sent out.
    Contact details are never stored here: exports read them from the partner, masked
    for whoever exports."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("上季度项目回顾")
        NEED = "need", _("新需求及推荐合伙人")
        NEW_PARTNERS = "new_partners", _("新合伙人与新资源")
        UNSERVED = "unserved", _("暂无合伙人可承接的需求")
        GAPS = "gaps", _("服务缺口与建议")
        DECISION = "decision", _("待决事项")
        RAISED = "raised", _("会上新提需求")
        OTHER = "other", _("其他事项")

    class Decision(models.TextChoices):
        PENDING = "pending", _("未议定")
        TAKEN = "taken", _("合伙人认领")
        DEFERRED = "deferred", _("暂缓")
        CLOSED = "closed", _("关闭需求")
        RAISED = "raised", _("会上新提")
        NOTED = "noted", _("已通报")

    meeting = models.ForeignKey(
        LiaisonMeeting,
        verbose_name="联席会",
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("说明", blank=True, default="")
    need = models.ForeignKey(
        "Need",
        verbose_name="需求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    details = models.JSONField("生成时的数据", default=dict, blank=True)
    minutes = models.TextField("会议记录", blank=True, default="")
    decision = models.CharField(
        "决定", max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    project = models.ForeignKey(
        "Project",
        verbose_name="形成的项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    decided_at = models.DateTimeField("议定时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "议程事项"
        verbose_name_plural = "议程事项"
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                name="agenda_item_kind_valid",
                condition=Q(
                    kind__in=[
                        "review",
                        "need",
                        "new_partners",
                        "unserved",
                        "gaps",
                        "decision",
                        "raised",
                        "other",
                    ]
                ),
            ),
            models.CheckConstraint(
                name="agenda_item_decision_valid",
                condition=Q(
                    decision__in=["pending", "taken", "deferred", "closed", "raised", "noted"]
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingExport(models.Model):
    """A document exported from a meeting (agenda or minutes), built by a task and kept
    for download by the user who asked for it."""

    class Document(models.TextChoices):
        AGENDA = "agenda", _("会议议程")
        MINUTES = "minutes", _("会议纪要")

    class Format(models.TextChoices):
        DOCX = "docx", _("Word")
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel")
        ICS = "ics", _("日历邀请")
        HTML = "html", _("打印页")

    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    meeting = models.ForeignKey(
        LiaisonMeeting, verbose_name="联席会", on_delete=models.CASCADE, related_name="exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        on_delete=models.CASCADE,
        related_name="meeting_exports",
    )
    document = models.CharField("文件", max_length=16, choices=Document.choices)
    format = models.CharField("格式", max_length=8, choices=Format.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    content = models.BinaryField("内容", null=True, blank=True)
    error = models.CharField("错误", max_length=500, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "会议文件导出"
        verbose_name_plural = "会议文件导出"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="meeting_export_document_valid",
                condition=Q(document__in=["agenda", "minutes"]),
            ),
            models.CheckConstraint(
                name="meeting_export_format_valid",
                condition=Q(format__in=["docx", "pdf", "xlsx", "ics", "html"]),
            ),
            models.CheckConstraint(
                name="meeting_export_status_valid",
                condition=Q(status__in=["pending", "done", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.document}.{self.format}"

    @property
    def filename(self) -> str:
        return f"{self.meeting.code}-{self.document}.{self.format}"


class DeadlinePolicy(models.Model):
    """A district's promised times (服务承诺), as rules by what arrives (a resident's
    request or a need), its source and its priority, in working days. ``version``
    grows with each change; deadlines already stamped keep the version they had unless
    the change was applied to open items, which the change records."""

    district = models.OneToOneField(
        Community, verbose_name="区", on_delete=models.CASCADE, related_name="deadline_policy"
    )
    rules = models.JSONField("规则", default=list)
    version = models.PositiveIntegerField("版本", default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField("修改时间", default=timezone.now)
    change_note = models.CharField("适用说明", max_length=300, blank=True, default="")
    claim_answer_days = models.PositiveSmallIntegerField(
        "认领确认时限（工作日）",
        default=2,
        help_text="working days the community has to confirm or decline a partner's claim",
    )
    wishes_confirm_on_claim = models.BooleanField(
        "微心愿认领即确认",
        default=False,
        help_text="a small wish (a resident's need for one unit) is confirmed as it is claimed",
    )

    class Meta:
        verbose_name = "办结时限规则"
        verbose_name_plural = "办结时限规则"

    def __str__(self) -> str:
        return f"{self.district} v{self.version}"


class Handover(models.Model):
    """首问负责: the responsibility for a need or request handed to another person,
    with a note (移交记录)."""

    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.CASCADE, related_name="handovers"
    )
    request = models.ForeignKey(
        ResidentRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="handovers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="移交人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接手人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=500, blank=True, default="")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "移交记录"
        verbose_name_plural = "移交记录"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                name="handover_names_one_item",
                condition=(Q(need__isnull=False, request__isnull=True))
                | (Q(need__isnull=True, request__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user}"


def _photo_path(instance: ServicePhoto, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"service-photos/{instance.record.project_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


class ServiceRecord(models.Model):
    """服务记录: what the partner did when marking the work delivered."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="service_record"
    )
    served_on = models.DateField("服务日期")
    hours = models.DecimalField("服务时长（小时）", max_digits=5, decimal_places=1)
    people_served = models.PositiveIntegerField("服务人数")
    note = models.CharField("服务情况", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        constraints = [
            models.CheckConstraint(
                name="service_hours_positive", condition=Q(hours__gt=0) & Q(hours__lte=1000)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.served_on}"


class ServicePhoto(models.Model):
    """A photo of the service, kept through Django's storage and served only to those
    who may see the project."""

    record = models.ForeignKey(
        ServiceRecord, verbose_name="服务记录", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField("照片", upload_to=_photo_path)
    content_type = models.CharField("类型", max_length=32)
    size = models.PositiveIntegerField("大小（字节）")

    class Meta:
        verbose_name = "服务照片"
        verbose_name_plural = "服务照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name
