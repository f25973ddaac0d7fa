"""The community tree, the service standard (categories, beneficiary groups, delivery
modes), partners, their offerings, and who holds which role where."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.validators import (
    CODE_LENGTH,
    validate_beneficiary_codes,
    validate_code,
    validate_mainland_mobile,
    validate_mode_codes,
    validate_slots,
)


class Community(models.Model):
    """A node of the administrative tree: district → street → community → station."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("区")
        STREET = "street", _("街道")
        COMMUNITY = "community", _("社区")
        STATION = "station", _("站点（小区/园区/商圈/楼宇）")

    # Depth of each level; a child's depth is greater than its parent's.
    DEPTH = {Level.DISTRICT: 0, Level.STREET: 1, Level.COMMUNITY: 2, Level.STATION: 3}
    # Levels a need can be raised in.
    NEED_LEVELS = (Level.COMMUNITY, Level.STATION)

    code = models.CharField("编码", max_length=CODE_LENGTH, unique=True, validators=[validate_code])
    name = models.CharField("名称", max_length=200)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    lat = models.FloatField("纬度", null=True, blank=True)
    lng = models.FloatField("经度", null=True, blank=True)

    class Meta:
        verbose_name = "社区（行政层级）"
        verbose_name_plural = "社区（行政层级）"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="community_level_valid",
                condition=Q(level__in=["district", "street", "community", "station"]),
            ),
            models.CheckConstraint(
                name="community_only_district_is_top",
                condition=Q(parent__isnull=False) | Q(level="district"),
            ),
            models.CheckConstraint(
                name="community_lat_range",
                condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90),
            ),
            models.CheckConstraint(
                name="community_lng_range",
                condition=Q(lng__isnull=True) | Q(lng__gte=-180, lng__lte=180),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def clean(self) -> None:
        if self.parent is None and self.level != self.Level.DISTRICT:
            raise ValidationError({"parent": "only a district may have no parent"})
        if (
            self.parent is not None
            and self.DEPTH[self.Level(self.level)] <= self.DEPTH[self.Level(self.parent.level)]
        ):
            raise ValidationError(
                {"parent": f"a {self.level} cannot sit under a {self.parent.level}"}
            )


class Category(models.Model):
    """A service category of the standard (``partners/standard/categories-v1.json``,
    described for people in ``docs/service-standard.md``)."""

    code = models.CharField(
        "编码", max_length=CODE_LENGTH, primary_key=True, validators=[validate_code]
    )
    name_zh = models.CharField("名称", max_length=100)
    name_en = models.CharField("英文名称", max_length=100)
    related = models.ManyToManyField("self", verbose_name="相关类别", symmetrical=False, blank=True)
    typical_beneficiaries = models.JSONField("常见服务对象", default=list, blank=True)
    typical_modes = models.JSONField("常见服务方式", default=list, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_zh


class BeneficiaryGroup(models.Model):
    """Who a service is for (老年人, 儿童, …); ``all`` means everyone."""

    code = models.CharField(
        "编码", max_length=CODE_LENGTH, primary_key=True, validators=[validate_code]
    )
    name_zh = models.CharField("名称", max_length=100)
    name_en = models.CharField("英文名称", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_zh


class DeliveryMode(models.Model):
    """How a service reaches people (进社区, 到合伙人场所, 上门, 线上)."""

    code = models.CharField(
        "编码", max_length=CODE_LENGTH, primary_key=True, validators=[validate_code]
    )
    name_zh = models.CharField("名称", max_length=100)
    name_en = models.CharField("英文名称", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "服务方式"
        verbose_name_plural = "服务方式"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_zh


class Partner(models.Model):
    """A neighbourhood partner (近邻合伙人): a unit, a social organisation or a resident."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("共建单位")
        SOCIAL_ORG = "social_org", _("社会组织")
        RESIDENT = "resident", _("社区达人")

    class UnitType(models.TextChoices):
        NONE = "", "—"
        GOVERNMENT = "government", _("机关单位")
        SOE = "soe", _("国有企业")
        ENTERPRISE = "enterprise", _("企业")
        SCHOOL = "school", _("学校")
        HOSPITAL = "hospital", _("医院")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        VERIFIED = "verified", _("已认证")
        SUSPENDED = "suspended", _("已暂停")

    code = models.CharField("编码", max_length=CODE_LENGTH, unique=True, validators=[validate_code])
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    unit_type = models.CharField(
        "单位性质", max_length=16, choices=UnitType.choices, blank=True, default=""
    )
    community = models.ForeignKey(
        Community, verbose_name="所属社区", on_delete=models.PROTECT, related_name="partners"
    )
    address = models.CharField("地址", max_length=300, blank=True, default="")
    lat = models.FloatField("纬度", null=True, blank=True)
    lng = models.FloatField("经度", null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=100, blank=True, default="")
    phone = models.CharField("联系电话", max_length=32, blank=True, default="")
    description = models.TextField("简介", blank=True, default="")
    tags = TaggableManager("标签", blank=True)
    status = models.CharField(
        "认证状态", max_length=16, choices=Status.choices, default=Status.PENDING
    )
    status_reason = models.CharField("审核意见", max_length=500, blank=True, default="")
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "合伙人"
        verbose_name_plural = "合伙人"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="partner_kind_valid", condition=Q(kind__in=["unit", "social_org", "resident"])
            ),
            models.CheckConstraint(
                name="partner_unit_type_only_for_units",
                condition=Q(kind="unit") | Q(unit_type=""),
            ),
            models.CheckConstraint(
                name="partner_unit_type_valid",
                condition=Q(
                    unit_type__in=["", "government", "soe", "enterprise", "school", "hospital"]
                ),
            ),
            models.CheckConstraint(
                name="partner_status_valid",
                condition=Q(status__in=["pending", "verified", "suspended"]),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """Verified partners' offerings are proposed; pending and suspended ones are not."""
        return self.status == self.Status.VERIFIED


class Offering(models.Model):
    """What a partner offers (资源清单), with its quarterly capacity."""

    class Unit(models.TextChoices):
        SESSION = "session", _("场次")
        HOUR = "hour", _("小时")
        PERSON = "person", _("人次")
        ITEM = "item", _("件")
        YUAN = "yuan", _("元")

    class Cost(models.TextChoices):
        FREE = "free", _("免费")
        LOW_COST = "low_cost", _("低偿")
        PAID = "paid", _("有偿")

    code = models.CharField("编码", max_length=CODE_LENGTH, unique=True, validators=[validate_code])
    partner = models.ForeignKey(
        Partner, verbose_name="合伙人", on_delete=models.CASCADE, related_name="offerings"
    )
    title = models.CharField("名称", max_length=200)
    description = models.TextField("说明", blank=True, default="")
    category = models.ForeignKey(
        Category,
        verbose_name="服务类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    tags = TaggableManager("标签", blank=True)
    # Code lists keep the order they were given in, so a document round-trips exactly.
    modes = models.JSONField("服务方式", default=list, validators=[validate_mode_codes])
    beneficiaries = models.JSONField(
        "服务对象", default=list, blank=True, validators=[validate_beneficiary_codes]
    )
    # The service area is either a list of community codes or a radius from the partner.
    area_radius_km = models.FloatField("服务半径（公里）", null=True, blank=True)
    area_communities: models.ManyToManyField[Community, OfferingArea] = models.ManyToManyField(
        Community,
        verbose_name="服务范围",
        through="OfferingArea",
        blank=True,
        related_name="serving_offerings",
    )
    capacity = models.PositiveIntegerField("每季度容量")
    unit = models.CharField("计量单位", max_length=16, choices=Unit.choices, default=Unit.SESSION)
    availability = models.JSONField(
        "每周可服务时段", default=list, blank=True, validators=[validate_slots]
    )
    valid_from = models.DateField("有效期起", null=True, blank=True)
    valid_until = models.DateField("有效期止", null=True, blank=True)
    cost = models.CharField("收费", max_length=16, choices=Cost.choices, default=Cost.FREE)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "资源（服务项目）"
        verbose_name_plural = "资源清单"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="offering_capacity_non_negative", condition=Q(capacity__gte=0)
            ),
            models.CheckConstraint(
                name="offering_radius_positive",
                condition=Q(area_radius_km__isnull=True) | Q(area_radius_km__gt=0),
            ),
            models.CheckConstraint(
                name="offering_validity_ordered",
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
            ),
            models.CheckConstraint(
                name="offering_unit_valid",
                condition=Q(unit__in=["session", "hour", "person", "item", "yuan"]),
            ),
            models.CheckConstraint(
                name="offering_cost_valid", condition=Q(cost__in=["free", "low_cost", "paid"])
            ),
        ]
        indexes = [models.Index(fields=["partner", "category"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.modes:
            raise ValidationError({"modes": "an offering needs at least one delivery mode"})


class OfferingArea(models.Model):
    """One community code of an offering's listed service area, in the order given."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="area_rows")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "服务范围"
        verbose_name_plural = "服务范围"
        ordering = ["offering", "position"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "community"], name="offering_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} → {self.community_id}"


class Role(models.Model):
    """A role a user holds over a place in the tree or over a partner.

    Secretaries, administrators and residents hold a place; partner members hold a
    partner. A user may hold several roles; what they see is the union.
    """

    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("社区书记/社工")
        STREET_ADMIN = "street_admin", _("街道管理员")
        DISTRICT_ADMIN = "district_admin", _("区管理员")
        PARTNER_MEMBER = "partner_member", _("合伙人成员")
        RESIDENT = "resident", _("居民")

    PLACE_KINDS = ("secretary", "street_admin", "district_admin", "resident")
    # The level of place each kind of role holds.
    PLACE_LEVEL = {
        "secretary": ("community", "station"),
        "street_admin": ("street",),
        "district_admin": ("district",),
        "resident": ("community", "station"),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="roles",
    )
    kind = models.CharField("角色", max_length=20, choices=Kind.choices)
    community = models.ForeignKey(
        Community,
        verbose_name="所辖区域",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name="所属合伙人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="members",
    )

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.CheckConstraint(
                name="role_holds_place_or_partner",
                condition=(
                    Q(kind="partner_member", partner__isnull=False, community__isnull=True)
                    | (
                        Q(kind__in=["secretary", "street_admin", "district_admin", "resident"])
                        & Q(partner__isnull=True, community__isnull=False)
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "community", "partner"], name="role_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.community or self.partner}"

    def clean(self) -> None:
        if self.kind in self.PLACE_KINDS and self.community is not None:
            allowed = self.PLACE_LEVEL[self.kind]
            if self.community.level not in allowed:
                raise ValidationError(
                    {"community": f"a {self.kind} holds a {' or '.join(allowed)}"}
                )


class Profile(models.Model):
    """What the platform knows of one person beyond their account: the mobile number
    they may sign in with instead of their username."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="profile",
    )
    phone = models.CharField(
        "手机号",
        max_length=11,
        blank=True,
        default="",
        validators=[validate_mainland_mobile],
        help_text=_("11 位大陆手机号，可代替用户名登录。"),
    )

    class Meta:
        verbose_name = "个人资料"
        verbose_name_plural = "个人资料"
        constraints = [
            # A number names one person, so signing in with it is unambiguous.
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="profile_phone_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


# --- Personal data and the audit trail ---------------------------------------------------


class ConsentRecord(models.Model):
    """A person's consent to the processing of their personal data for one purpose, as
    given with the notice of ``text_version`` (个人信息处理同意记录)."""

    class Purpose(models.TextChoices):
        PARTNER_REGISTRATION = "partner_registration", _("合伙人登记")
        RESIDENT_REQUEST = "resident_request", _("居民点单")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    purpose = models.CharField("用途", max_length=32, choices=Purpose.choices)
    text_version = models.CharField("告知书版本", max_length=32)
    record = models.CharField(
        "相关记录编码", max_length=CODE_LENGTH, blank=True, default="", db_index=True
    )
    given_at = models.DateTimeField("同意时间", default=timezone.now)

    class Meta:
        verbose_name = "个人信息同意记录"
        verbose_name_plural = "个人信息同意记录"
        ordering = ["-given_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.text_version} · {self.given_at:%Y-%m-%d}"


class AuditEvent(models.Model):
    """One handling of personal data or bulk change the per-row audit log does not hold:
    an export, a person obtaining or erasing their data, a bulk import (审计事件)."""

    class Action(models.TextChoices):
        EXPORT = "export", _("导出")
        ACCESS = "access", _("本人数据查阅")
        ERASURE = "erasure", _("本人数据删除")
        IMPORT = "import", _("批量导入")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人名称", max_length=150, blank=True, default="")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    what = models.CharField("内容", max_length=200)
    scope = models.ForeignKey(
        Community,
        verbose_name="范围",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="空表示全部",
    )
    personal_data = models.BooleanField("含未脱敏个人信息", default=False)
    detail = models.JSONField("详情", default=dict, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.what}"
