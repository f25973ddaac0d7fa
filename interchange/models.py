"""Import jobs: a bulk import's progress and result, kept in the database so the page
or the API can follow it whichever process runs it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One piece of long work and where it has got to."""

    class Kind(models.TextChoices):
        IMPORT_CHECK = "import_check", _("检查导入文件")
        IMPORT_WRITE = "import_write", _("导入")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("未通过")

    kind = models.CharField("类型", max_length=32)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default="queued")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True, default="")
    filename = models.CharField("文件名", max_length=255, blank=True, default="")
    payload = models.BinaryField("上传的文件", blank=True, default=b"")
    result = models.JSONField("结果", default=dict, blank=True)
    problems = models.JSONField("问题", default=list, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        db_table = "frontend_backgroundjob"  # kept from when the pages held it
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="job_progress_percent", condition=Q(progress__gte=0, progress__lte=100)
            ),
            models.CheckConstraint(
                name="job_status_valid",
                condition=Q(status__in=["queued", "running", "done", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
