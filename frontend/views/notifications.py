"""通知: what happened to one's projects and requests, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from needs import services
from needs.selectors import notifications_for


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = notifications_for(request.user).select_related("project", "request__need")[:50]
    return render(request, "frontend/notifications.html", {"items": items})


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(actor=request.user)
    return redirect("notifications")
