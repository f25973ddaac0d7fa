from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from centres.api.activities import ActivityViewSet
from centres.api.contributions import PartnerContributionView, RecognitionView
from centres.api.views import BookingViewSet, RoomViewSet
from interchange.api import ImportJobViewSet
from matching.api.allocations import AllocationViewSet
from matching.api.insights.coverage import CoverageView
from matching.api.insights.network import NetworkView
from matching.api.insights.recommendations import RecommendationsView
from matching.api.insights.trends import TrendsView
from matching.api.opportunities import NeedClaimView, OpportunitiesView
from matching.api.reading import CategorySuggestView
from matching.api.views import NeedMatchesView
from meetings.api import MeetingViewSet
from needs.api.views import (
    DeadlinePolicyView,
    NeedViewSet,
    NotificationViewSet,
    ProjectViewSet,
    ResidentRequestViewSet,
)
from partners.api.views import (
    BeneficiaryGroupViewSet,
    CategoryViewSet,
    CommunityViewSet,
    DeliveryModeViewSet,
    OfferingViewSet,
    PartnerViewSet,
    TokenView,
)
from privacy.api import EraseMyDataView, MyDataView

admin.site.site_header = "近邻 Jinlin 管理后台"
admin.site.site_title = "近邻 Jinlin"
admin.site.index_title = "社区合伙人与资源对接"

router = DefaultRouter()
router.register("communities", CommunityViewSet, basename="community")
router.register("categories", CategoryViewSet, basename="category")
router.register("beneficiary-groups", BeneficiaryGroupViewSet, basename="beneficiary-group")
router.register("delivery-modes", DeliveryModeViewSet, basename="delivery-mode")
router.register("partners", PartnerViewSet, basename="partner")
router.register("offerings", OfferingViewSet, basename="offering")
router.register("needs", NeedViewSet, basename="need")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("projects", ProjectViewSet, basename="project")
router.register("allocations", AllocationViewSet, basename="allocation")
router.register("requests", ResidentRequestViewSet, basename="request")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("imports", ImportJobViewSet, basename="bulk-import")
router.register("rooms", RoomViewSet, basename="room")
router.register("bookings", BookingViewSet, basename="booking")
router.register("activities", ActivityViewSet, basename="activity")

urlpatterns = [
    path("", include("frontend.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/v1/me/data/", MyDataView.as_view(), name="me-data"),
    path("api/v1/me/erase/", EraseMyDataView.as_view(), name="me-erase"),
    path("api/v1/needs/<str:code>/matches/", NeedMatchesView.as_view(), name="need-matches"),
    path("api/v1/needs/<str:code>/claim/", NeedClaimView.as_view(), name="need-claim"),
    path(
        "api/v1/partners/<str:code>/opportunities/",
        OpportunitiesView.as_view(),
        name="partner-opportunities",
    ),
    # Before the router, whose categories/<code>/ would take "suggest" for a code.
    path("api/v1/categories/suggest/", CategorySuggestView.as_view(), name="categories-suggest"),
    path("api/v1/insights/coverage/", CoverageView.as_view(), name="insights-coverage"),
    path("api/v1/insights/trends/", TrendsView.as_view(), name="insights-trends"),
    path("api/v1/insights/network/", NetworkView.as_view(), name="insights-network"),
    path("api/v1/insights/recognition/", RecognitionView.as_view(), name="insights-recognition"),
    path(
        "api/v1/partners/<str:code>/contribution/",
        PartnerContributionView.as_view(),
        name="partner-contribution",
    ),
    path(
        "api/v1/insights/recommendations/",
        RecommendationsView.as_view(),
        name="insights-recommendations",
    ),
    path(
        "api/v1/deadline-policies/<str:code>/",
        DeadlinePolicyView.as_view(),
        name="deadline-policy",
    ),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the Content Security
    # Policy allows no inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "core.api.not_found"
handler500 = "core.api.server_failed"
