"""What the matching keeps in the database: the quarterly allocation runs and the
districts' reading examples. Matches themselves are not kept: pages and the API rank
them live from the index, which follows the change log (``changes.models``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from needs.models import Need, Project
from partners.models import Community


class AllocationJob(models.Model):
    """One run of the quarterly allocation over an area (district, street or community):
    queued, computed by a worker, then accepted (its plan turned into proposed projects)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        ACCEPTED = "accepted", _("已采纳")

    scope = models.ForeignKey(
        Community, verbose_name="范围", on_delete=models.PROTECT, related_name="allocation_jobs"
    )
    quarter = models.CharField("季度", max_length=6, help_text="如 2026Q4")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    plan = models.JSONField("方案", null=True, blank=True)
    error = models.TextField("错误", blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="allocation_jobs",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="采纳人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="allocation_jobs_accepted",
    )
    projects = models.ManyToManyField(
        Project, verbose_name="生成的项目", blank=True, related_name="allocation_jobs"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)

    class Meta:
        verbose_name = "季度分配"
        verbose_name_plural = "季度分配"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="allocation_job_status_valid",
                condition=Q(status__in=["pending", "running", "done", "failed", "accepted"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.quarter} ({self.status})"


class ReadingExample(models.Model):
    """Evidence of what a text is about, learned in one district from its people's use:
    a secretary confirming or correcting a need's category, a partner accepting or
    declining dispatched work as not its kind of service, a good rating. Shifts readings
    in that district only; an administrator may deactivate it, which undoes its effect."""

    class Source(models.TextChoices):
        CONFIRMED = "confirmed", _("书记确认分类")
        CORRECTED = "corrected", _("书记更正分类")
        ACCEPTED = "accepted", _("合伙人接单")
        DECLINED = "declined", _("合伙人婉拒：服务不对口")
        RATED = "rated", _("好评")

    district = models.ForeignKey(
        Community,
        verbose_name="区",
        on_delete=models.CASCADE,
        related_name="reading_examples",
        limit_choices_to={"level": "district"},
    )
    text = models.TextField("文本")
    category = models.ForeignKey(
        "partners.Category",
        verbose_name="服务类别",
        on_delete=models.CASCADE,
        related_name="reading_examples",
    )
    weight = models.FloatField("证据强度", help_text="负数表示不是这一类")
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    need = models.ForeignKey(
        Need,
        verbose_name="需求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reading_examples",
    )
    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reading_examples",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reading_examples",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    active = models.BooleanField("生效", default=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="停用人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reading_examples_deactivated",
    )
    deactivated_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "读取示例"
        verbose_name_plural = "读取示例"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="reading_example_source_valid",
                condition=Q(source__in=["confirmed", "corrected", "accepted", "declined", "rated"]),
            ),
            models.CheckConstraint(name="reading_example_weight_nonzero", condition=~Q(weight=0)),
        ]
        indexes = [models.Index(fields=["active", "district"])]

    def __str__(self) -> str:
        return f"{self.district_id} {self.category_id} {self.weight:+g}: {self.text[:20]}"
