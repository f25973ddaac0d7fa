"""Reads for the pages' own records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from frontend.models import BackgroundJob


def jobs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[BackgroundJob]:
    """A user follows the work she started; nobody else's."""
    if not user.is_authenticated:
        return BackgroundJob.objects.none()
    return BackgroundJob.objects.filter(owner_id=user.pk)
