"""Reads for the pages' own records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from interchange.models import ImportJob


def import_jobs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ImportJob]:
    """A user follows the work she started; nobody else's."""
    if not user.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(owner_id=user.pk)
