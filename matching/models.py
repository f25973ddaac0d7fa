"""What the matching keeps in the database: the log of changes that tells every server
process and worker to refresh its in-memory index, and the stored suggestions pages
show without ranking again."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from needs.models import Need
from partners.models import Offering


class IndexState(models.Model):
    """One row: the version of the matching data. Writers bump ``version`` (holding the
    row's lock until they commit, so versions become visible in order); ``epoch`` is
    renewed when the row is created, so a process never mistakes a recreated counter for
    the one it has read."""

    epoch = models.CharField("代次", max_length=32)
    version = models.PositiveBigIntegerField("版本", default=0)

    class Meta:
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
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "匹配数据变更"
        verbose_name_plural = "匹配数据变更"
        ordering = ["version"]

    def __str__(self) -> str:
        return f"#{self.version}"


class Suggestion(models.Model):
    """An offering proposed for an open need, stored so pages load without ranking."""

    need = models.ForeignKey(
        Need, verbose_name="需求", on_delete=models.CASCADE, related_name="suggestions"
    )
    offering = models.ForeignKey(
        Offering, verbose_name="资源", on_delete=models.CASCADE, related_name="suggestions"
    )
    rank = models.PositiveSmallIntegerField("名次")
    score = models.FloatField("得分")
    reasons = models.JSONField("理由", default=list, blank=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "推荐资源"
        verbose_name_plural = "推荐资源"
        ordering = ["need", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["need", "rank"], name="suggestion_rank_unique"),
            models.UniqueConstraint(fields=["need", "offering"], name="suggestion_offering_unique"),
            models.CheckConstraint(name="suggestion_rank_positive", condition=Q(rank__gte=1)),
        ]
        indexes = [models.Index(fields=["offering", "computed_at"])]

    def __str__(self) -> str:
        return f"{self.need_id} #{self.rank} → {self.offering_id}"
