"""Loading the demo twice leaves the database as loading it once did."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model

from needs.models import LiaisonMeeting, MeetingAttendee, Need, Project
from partners.models import Community, Offering, OfferingArea, Partner, Role

pytestmark = pytest.mark.django_db

MODELS: tuple[type[Model], ...] = (
    Community,
    Partner,
    Offering,
    OfferingArea,
    LiaisonMeeting,
    MeetingAttendee,
    Need,
    Project,
    Role,
    get_user_model(),
)


def _counts() -> dict[str, int]:
    return {m.__name__: m._default_manager.count() for m in MODELS}


def test_second_load_changes_no_counts() -> None:
    call_command("load_demo", verbosity=0)
    once = _counts()
    statuses = sorted(Project.objects.values_list("status", flat=True))
    call_command("load_demo", verbosity=0)
    assert _counts() == once
    assert sorted(Project.objects.values_list("status", flat=True)) == statuses


def test_demo_covers_every_kind_and_category() -> None:
    call_command("load_demo", verbosity=0)
    demo = Partner.objects.filter(code__startswith="DEMO-")
    assert set(demo.values_list("kind", flat=True)) == {"unit", "social_org", "resident"}
    offered = set(
        Offering.objects.filter(code__startswith="DEMO-").values_list("category", flat=True)
    )
    assert len(offered - {None}) == 34
    assert LiaisonMeeting.objects.filter(code__startswith="DEMO-").exists()
    assert Need.objects.filter(code__startswith="DEMO-", status=Need.Status.OPEN).count() >= 50
    assert len(set(Project.objects.values_list("status", flat=True))) >= 5
