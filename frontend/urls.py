"""Page URLs (the API lives under /api/v1/, the liaison meetings under /meetings/).

Names are distinct from the API router's (``need-list`` there is the API's list).
"""

from django.urls import path

from frontend.views import (
    accounts,
    allocation,
    deadlines,
    home,
    imports,
    meetings,
    needs,
    notifications,
    opportunities,
    partners,
    projects,
    requests,
)
from frontend.views.insights import coverage as insights_coverage
from frontend.views.insights import network as insights_network
from frontend.views.insights import trends as insights_trends

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", accounts.SignOutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password-change"),
    path("needs/", needs.need_list, name="needs"),
    path("needs/new/", needs.need_create, name="need-new"),
    path("needs/suggest/", needs.category_suggestions, name="need-suggest"),
    path("needs/<str:code>/", needs.need_detail, name="need-page"),
    path("needs/<str:code>/edit/", needs.need_edit, name="need-change"),
    path("needs/<str:code>/matches/", needs.need_matches, name="need-matches-panel"),
    path("needs/<str:code>/dispatch/", projects.need_dispatch, name="need-dispatch"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_create, name="request-new"),
    path("requests/<int:pk>/convert/", requests.request_convert, name="request-to-need"),
    path("requests/<int:pk>/decline/", requests.request_decline, name="request-answer"),
    path("requests/<int:pk>/hand-over/", requests.request_hand_over, name="request-handover"),
    path("needs/<str:code>/hand-over/", needs.need_hand_over, name="need-handover"),
    path("deadlines/", deadlines.deadline_policy_page, name="deadlines"),
    path("opportunities/", opportunities.opportunity_list, name="opportunities"),
    path(
        "opportunities/<str:code>/claim/",
        opportunities.opportunity_claim,
        name="opportunity-claim",
    ),
    path("projects/", projects.project_board, name="projects"),
    path("projects/dispatch/", projects.projects_dispatch_page, name="projects-dispatch"),
    path("projects/<int:pk>/", projects.project_detail, name="project-page"),
    path("projects/<int:pk>/photos/<int:photo_id>/", projects.project_photo, name="project-photo"),
    path("projects/<int:pk>/<str:action>/", projects.project_act, name="project-act"),
    path("allocation/", allocation.allocation_home, name="allocation"),
    path("allocation/<int:pk>/", allocation.allocation_run, name="allocation-run"),
    path("allocation/<int:pk>/accept/", allocation.allocation_accept, name="allocation-adopt"),
    path("insights/", insights_coverage.coverage_page, name="insights-coverage-page"),
    path("insights/trends/", insights_trends.trends, name="insights-trends-page"),
    path("insights/network/", insights_network.network_page, name="insights-network-page"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path("import/", imports.upload, name="import"),
    path("import/jobs/<int:pk>/", imports.job_detail, name="import-job"),
    path("import/jobs/<int:pk>/confirm/", imports.confirm, name="import-confirm"),
    path("partners/", partners.partner_list, name="partners"),
    path("partners/register/", partners.register, name="partner-register"),
    path("partners/review/", partners.verification_queue, name="partner-queue"),
    path("partners/<str:code>/", partners.partner_detail, name="partner-page"),
    path("partners/<str:code>/decide/", partners.decide, name="partner-decide"),
    path("partners/<str:code>/edit/", partners.partner_edit, name="partner-change"),
    path("partners/<str:code>/offerings/new/", partners.offering_create, name="offering-new"),
    path("offerings/<str:code>/edit/", partners.offering_edit, name="offering-change"),
    path("offerings/<str:code>/remove/", partners.offering_remove, name="offering-remove"),
    path("meetings/", meetings.meeting_list, name="meeting-page-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-page-create"),
    path("meetings/<str:code>/", meetings.meeting_detail, name="meeting-page"),
    path(
        "meetings/<str:code>/agenda/generate/",
        meetings.agenda_generate,
        name="meeting-page-generate",
    ),
    path("meetings/<str:code>/agenda/add/", meetings.agenda_item_add, name="meeting-page-item-add"),
    path(
        "meetings/<str:code>/agenda/<int:item_id>/edit/",
        meetings.agenda_item_edit,
        name="meeting-page-item-edit",
    ),
    path(
        "meetings/<str:code>/agenda/<int:item_id>/remove/",
        meetings.agenda_item_remove,
        name="meeting-page-item-remove",
    ),
    path(
        "meetings/<str:code>/agenda/<int:item_id>/move/",
        meetings.agenda_item_move,
        name="meeting-page-item-move",
    ),
    path(
        "meetings/<str:code>/agenda/<int:item_id>/decide/",
        meetings.agenda_item_decide,
        name="meeting-page-item-decide",
    ),
    path(
        "meetings/<str:code>/attendance/",
        meetings.meeting_attendance,
        name="meeting-page-attendance",
    ),
    path(
        "meetings/<str:code>/raise-need/",
        meetings.meeting_raise_need,
        name="meeting-page-raise-need",
    ),
    path("meetings/<str:code>/close/", meetings.meeting_close, name="meeting-page-close"),
    path("meetings/<str:code>/invite/", meetings.meeting_invite, name="meeting-page-invite"),
    path("meetings/<str:code>/export/", meetings.meeting_export, name="meeting-page-export"),
    path(
        "meetings/<str:code>/exports/<int:export_id>/",
        meetings.meeting_export_file,
        name="meeting-page-export-file",
    ),
]
