"""Server-rendered pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The front door: where each kind of user goes from here."""
    return render(request, "frontend/home.html")
