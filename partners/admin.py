"""Admin for the community tree, the service standard, partners, offerings and roles.

Staff who are not superusers are community secretaries and street or district
administrators: every list here is built from ``partners.selectors`` so they see what
the API and the pages show them, no more. They browse here; they change records
through the API and the pages, where the services hold the rules, and the one change
they make here, verifying or suspending partners, goes through ``partners.services``
too, so it is recorded the same way whichever door it came through. Superusers, who
operate the platform, may edit records directly; model validation still applies.
Contact details are masked for those not entitled to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from core.errors import DomainError, has_perm
from core.queries import IdSet
from partners.models import (
    BeneficiaryGroup,
    Category,
    Community,
    DeliveryMode,
    Offering,
    OfferingArea,
    Partner,
    Role,
)
from partners.selectors import (
    contact_for,
    offerings_visible_to,
    partners_visible_to,
    scope_of,
)
from partners.services import partner_set_status

User = AbstractBaseUser | AnonymousUser
if TYPE_CHECKING:
    # The stubs make the admin classes generic; at run time they are not subscriptable.
    ModelAdminBase = admin.ModelAdmin[Any]
    TabularInlineBase = admin.TabularInline[Any, Any]
else:
    ModelAdminBase = admin.ModelAdmin
    TabularInlineBase = admin.TabularInline
AUDIT_FIELDS = ("created_at", "updated_at")


def street_filter(path: str) -> type[admin.SimpleListFilter]:
    """A "所属街道" filter over the community reached by ``path`` (``community``,
    ``partner__community``, ``need__community``…), which may be a community or a
    station: a street is its parent or its grandparent."""

    class StreetFilter(admin.SimpleListFilter):
        title = "所属街道"
        parameter_name = "street"

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            streets = Community.objects.filter(level=Community.Level.STREET).order_by("code")
            return [(code, name) for code, name in streets.values_list("code", "name")]

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            code = self.value()
            if not code:
                return queryset
            return queryset.filter(
                Q(**{f"{path}__parent__code": code}) | Q(**{f"{path}__parent__parent__code": code})
            )

    return StreetFilter


class ScopedAdmin(ModelAdminBase):
    """A model admin whose lists come from a selector, so each user sees their scope.

    Subclasses implement :meth:`visible`. Superusers see everything because the
    selectors say so, not because the admin makes an exception.
    """

    def visible(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = self.visible(request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


# --- The tree and the standard: public reference data ----------------------------------


@admin.register(Community)
class CommunityAdmin(ModelAdminBase):
    list_display = ("code", "name", "level", "parent", "lat", "lng")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    list_per_page = 100


@admin.register(Category)
class CategoryAdmin(ModelAdminBase):
    list_display = ("code", "name_zh", "name_en", "position")
    search_fields = ("code", "name_zh", "name_en")
    filter_horizontal = ("related",)


@admin.register(BeneficiaryGroup)
class BeneficiaryGroupAdmin(ModelAdminBase):
    list_display = ("code", "name_zh", "name_en", "position")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(DeliveryMode)
class DeliveryModeAdmin(ModelAdminBase):
    list_display = ("code", "name_zh", "name_en", "position")
    search_fields = ("code", "name_zh", "name_en")


# --- Partners ------------------------------------------------------------------------------

_CONTACT_FIELDS = ("contact_name", "phone")


@admin.register(Partner)
class PartnerAdmin(ScopedAdmin):
    list_filter = ("kind", "unit_type", "status", street_filter("community"))
    # Phone and contact name are deliberately not searchable: searching would reveal
    # them to staff who only see them masked.
    search_fields = ("code", "name", "description")
    autocomplete_fields = ("community",)
    list_select_related = ("community",)
    readonly_fields = (
        "status",
        "status_reason",
        "status_changed_by",
        "status_changed_at",
        *AUDIT_FIELDS,
    )
    date_hierarchy = "created_at"
    actions = ("verify_partners", "suspend_partners")

    def visible(self, user: User) -> QuerySet[Partner]:
        return partners_visible_to(user)

    def get_list_display(self, request: HttpRequest) -> list[str | Callable[[Any], str | bool]]:
        user = request.user

        @admin.display(description="联系人")
        def contact(partner: Partner) -> str:
            return contact_for(user, partner).name

        @admin.display(description="联系电话")
        def phone(partner: Partner) -> str:
            return contact_for(user, partner).phone

        return ["code", "name", "kind", "community", "status", contact, phone, "updated_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if obj is not None and contact_for(request.user, obj).masked:
            # Not entitled: the form leaves the personal data out altogether.
            hidden = _CONTACT_FIELDS + (("address",) if obj.kind == Partner.Kind.RESIDENT else ())
            fields = [f for f in fields if f not in hidden]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("partners.edit_partner", obj))

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[Partner], status: str, verb: str
    ) -> None:
        done, refused = 0, []
        for partner in queryset.select_related("community"):
            try:
                partner_set_status(actor=request.user, partner=partner, status=status)
            except DomainError:
                refused.append(partner.name)
            else:
                done += 1
        if done:
            self.message_user(request, f"已{verb} {done} 个合伙人。", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                f"无权{verb}（不在您管辖的社区）：{'、'.join(refused)}",
                messages.WARNING,
            )

    def has_verify_permission(self, request: HttpRequest) -> bool:
        """Administrators of an area verify its partners (each one is checked again by
        the service); partner members and residents do not."""
        scope = scope_of(request.user)
        return scope.everything or bool(scope.area_ids)

    @admin.action(description="认证所选合伙人", permissions=["verify"])
    def verify_partners(self, request: HttpRequest, queryset: QuerySet[Partner]) -> None:
        self._set_status(request, queryset, Partner.Status.VERIFIED, "认证")

    @admin.action(description="暂停所选合伙人", permissions=["verify"])
    def suspend_partners(self, request: HttpRequest, queryset: QuerySet[Partner]) -> None:
        self._set_status(request, queryset, Partner.Status.SUSPENDED, "暂停")


# --- Offerings -----------------------------------------------------------------------------


class OfferingAreaInline(TabularInlineBase):
    model = OfferingArea
    extra = 0
    autocomplete_fields = ("community",)
    fields = ("community", "position")


@admin.register(Offering)
class OfferingAdmin(ScopedAdmin):
    list_display = (
        "code",
        "title",
        "partner",
        "category",
        "capacity",
        "unit",
        "cost",
        "valid_from",
        "valid_until",
    )
    list_filter = (
        "category",
        "cost",
        "unit",
        "partner__kind",
        "partner__status",
        street_filter("partner__community"),
    )
    search_fields = ("code", "title", "description", "partner__name")
    autocomplete_fields = ("partner", "category")
    list_select_related = ("partner", "category")
    readonly_fields = AUDIT_FIELDS
    date_hierarchy = "valid_from"
    inlines = (OfferingAreaInline,)

    def visible(self, user: User) -> QuerySet[Offering]:
        return offerings_visible_to(user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or request.user.has_perm("partners.edit_partner", obj.partner)
        )


# --- Roles -------------------------------------------------------------------------------


@admin.register(Role)
class RoleAdmin(ScopedAdmin):
    list_display = ("user", "kind", "community", "partner")
    list_filter = ("kind", street_filter("community"))
    search_fields = ("user__username", "community__code", "community__name", "partner__name")
    autocomplete_fields = ("user", "community", "partner")
    list_select_related = ("user", "community", "partner")

    def visible(self, user: User) -> QuerySet[Role]:
        """Administrators see who holds roles in their area (and their own roles)."""
        scope = scope_of(user)
        if scope.everything:
            return Role.objects.all()
        return Role.objects.filter(
            Q(community_id__in=IdSet(scope.area_ids))
            | Q(partner__community_id__in=IdSet(scope.area_ids))
            | Q(user_id=scope.user_id)
        )

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or not isinstance(obj, Role):
            return allowed
        place = obj.partner.community_id if obj.partner is not None else obj.community_id
        return allowed and has_perm(request.user, "partners.administer_community", place)


# --- Audit trail ----------------------------------------------------------------------------
