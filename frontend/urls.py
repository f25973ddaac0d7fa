"""Page URLs (the API lives under /api/v1/, the liaison meetings under /meetings/)."""

from django.urls import path

from frontend.views import accounts, home, partners

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("partners/register/", partners.register, name="partner-register"),
    path("accounts/logout/", accounts.SignOutView.as_view(), name="logout"),
]
