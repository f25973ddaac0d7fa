"""Page URLs (the API lives under /api/v1/, the liaison meetings under /meetings/)."""

from django.urls import path

from frontend.views import accounts, home, meetings, partners

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("partners/register/", partners.register, name="partner-register"),
    path("accounts/logout/", accounts.SignOutView.as_view(), name="logout"),
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
    path("meetings/<str:code>/export/", meetings.meeting_export, name="meeting-page-export"),
    path(
        "meetings/<str:code>/exports/<int:export_id>/",
        meetings.meeting_export_file,
        name="meeting-page-export-file",
    ),
]
