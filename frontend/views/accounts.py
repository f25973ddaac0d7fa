"""Signing in and out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
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
