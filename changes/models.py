"""The log every writer records its changes to, and every process's matching index
follows: one version counter and, per committed write, what it changed by code."""

from __future__ import annotations

from django.db import models


class IndexState(models.Model):
    """One row: the version of the matching data. Writers bump ``version`` (holding the
    row's lock until they commit, so versions become visible in order); ``epoch`` is
    renewed when the row is created, so a process never mistakes a recreated counter for
    the one it has read."""

    epoch = models.CharField("代次", max_length=32)
    version = models.PositiveBigIntegerField("版本", default=0)

    class Meta:
        db_table = "matching_indexstate"  # kept from when the log was part of matching
        verbose_name = "匹配索引版本"
        verbose_name_plural = "匹配索引版本"

    def __str__(self) -> str:
        return f"{self.epoch}:{self.version}"


class IndexChange(models.Model):
    """What one committed write changed, by code: offerings added, changed or removed,
    partners changed, offerings whose capacity left changed; ``everything`` when the
    whole index must be rebuilt (a bulk import)."""

    version = models.PositiveBigIntegerField("版本", unique=True)
    offerings = models.JSONField("资源编码", default=list, blank=True)
    partners = models.JSONField("合伙人编码", default=list, blank=True)
    capacity = models.JSONField("容量变化的资源编码", default=list, blank=True)
    everything = models.BooleanField("全部重建", default=False)
    examples = models.BooleanField("读取示例变化", default=False)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        db_table = "matching_indexchange"
        verbose_name = "匹配数据变更"
        verbose_name_plural = "匹配数据变更"
        ordering = ["version"]

    def __str__(self) -> str:
        return f"#{self.version}"
