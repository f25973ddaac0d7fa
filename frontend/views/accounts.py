"""Signing in and out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from frontend.forms.accounts import SignInForm


class SignInView(auth_views.LoginView):
    """The sign-in page; a signed-in visitor goes straight on."""

    template_name = "frontend/registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": _("登录")}


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only) and show the sign-in page again."""

    template_name = "frontend/registration/logged_out.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in person changes their own password; a refused password is explained
    beside the field, in the page's language."""

    template_name = "frontend/registration/password_change.html"
    success_url = reverse_lazy("home")
    extra_context = {"page_title": _("修改密码")}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response
