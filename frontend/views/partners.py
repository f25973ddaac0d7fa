"""资源清单: the partner directory, profiles, self-registration and verification."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def register(request: HttpRequest) -> HttpResponse:
    """Partner self-registration (the form follows)."""
    return render(request, "frontend/partners/register.html")
