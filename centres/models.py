"""The rooms of a community's service centre (党群服务中心) and their bookings.

Two approved bookings of one room never overlap: the services check it under the room's
row lock on every database, and on PostgreSQL an exclusion constraint
(``booking_no_overlap``, migration 0002) refuses it in the database itself.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partners.models import Community, Partner


class Room(models.Model):
    """A room of a centre (a community or station): the dance room, the study room."""

    centre = models.ForeignKey(
        Community, verbose_name="所在中心", on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField("名称", max_length=100)
    capacity = models.PositiveIntegerField("可容纳人数")
    equipment = models.CharField("设备", max_length=300, blank=True, default="")
    opens = models.TimeField("每日开放", default=dt.time(8, 30))
    closes = models.TimeField("每日关闭", default=dt.time(21, 0))
    open_booking = models.BooleanField(
        "开放预约",
        default=False,
        help_text="a request that clashes with nothing is approved at once",
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "活动室"
        verbose_name_plural = "活动室"
        ordering = ["centre__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="room_name_unique"),
            models.CheckConstraint(name="room_hours_ordered", condition=Q(closes__gt=F("opens"))),
            models.CheckConstraint(name="room_capacity_positive", condition=Q(capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.centre.name}·{self.name}"


class Booking(models.Model):
    """One booked time of a room; a weekly booking is several, sharing ``series``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        DECLINED = "declined", _("未批准")
        CANCELLED = "cancelled", _("已取消")

    room = models.ForeignKey(
        Room, verbose_name="活动室", on_delete=models.CASCADE, related_name="bookings"
    )
    start = models.DateTimeField("开始")
    end = models.DateTimeField("结束")
    purpose = models.CharField("用途", max_length=200)
    partner = models.ForeignKey(
        Partner,
        verbose_name="合伙人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        help_text="the partner it is booked for, when a partner's member booked it",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="预约人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="room_bookings",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    series = models.CharField("每周预约编号", max_length=32, blank=True, default="", db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("说明", max_length=500, blank=True, default="")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "场地预约"
        verbose_name_plural = "场地预约"
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["room", "start"])]
        constraints = [
            models.CheckConstraint(
                name="booking_ends_after_start", condition=Q(end__gt=F("start"))
            ),
            models.CheckConstraint(
                name="booking_status_valid",
                condition=Q(status__in=["pending", "approved", "declined", "cancelled"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.start:%Y-%m-%d %H:%M}"


class Activity(models.Model):
    """An activity residents sign up for: a partner's class at the centre (in a room it
    booked), a free clinic at its own site. It may belong to a project."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("报名中")
        CANCELLED = "cancelled", _("已取消")

    centre = models.ForeignKey(
        Community, verbose_name="所属社区", on_delete=models.PROTECT, related_name="activities"
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name="承办合伙人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    project = models.ForeignKey(
        "needs.Project",
        verbose_name="所属项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.CharField("名称", max_length=200)
    description = models.TextField("介绍", blank=True, default="")
    start = models.DateTimeField("开始")
    end = models.DateTimeField("结束")
    booking = models.ForeignKey(
        Booking,
        verbose_name="场地预约",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="held in a room of the centre: the approved booking that holds it",
    )
    place = models.CharField(
        "地点", max_length=200, blank=True, default="", help_text="elsewhere: the partner's site"
    )
    capacity = models.PositiveIntegerField("名额")
    beneficiaries = models.JSONField("面向人群", default=list, blank=True)
    signup_opens = models.DateTimeField("报名开始")
    signup_closes = models.DateTimeField("报名截止")
    outsiders_welcome = models.BooleanField(
        "欢迎其他社区居民", default=False, help_text="residents of other communities may join"
    )
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                name="activity_ends_after_start", condition=Q(end__gt=F("start"))
            ),
            models.CheckConstraint(name="activity_capacity_positive", condition=Q(capacity__gte=1)),
            models.CheckConstraint(
                name="activity_signup_window_ordered",
                condition=Q(signup_closes__gte=F("signup_opens")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SignUp(models.Model):
    """A resident's place at an activity, or her place on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已报名")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="居民",
        on_delete=models.CASCADE,
        related_name="signups",
    )
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    code = models.CharField("签到码", max_length=8, help_text="shown by the resident at check-in")
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    comment = models.CharField("评价", max_length=500, blank=True, default="")
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"],
                condition=~Q(status="cancelled"),
                name="signup_once_per_activity",
            ),
            models.UniqueConstraint(fields=["activity", "code"], name="signup_code_unique"),
            models.CheckConstraint(
                name="signup_rating_range",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.resident_id}"


class CalendarFeed(models.Model):
    """A community's subscribable calendar of activities (iCalendar), reached by a
    secret token its administrators may revoke and replace."""

    community = models.ForeignKey(
        Community, verbose_name="社区", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField("令牌", max_length=64, unique=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动日历订阅"
        verbose_name_plural = "活动日历订阅"

    def __str__(self) -> str:
        return f"{self.community} feed"
