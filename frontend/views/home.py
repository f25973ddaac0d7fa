"""The front page: a visitor is asked to sign in; each role sees its day's work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontend.roles import roles_of


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the welcome; signed-in users their dashboard."""
    if not request.user.is_authenticated:
        return render(request, "frontend/welcome.html")
    return render(request, "frontend/home.html", {"roles": roles_of(request.user)})
