"""A bulk import by an area's administrator writes only inside her area, before and after:
it cannot rename, rewrite or move another area's records, nor move them under hers, nor
change a partner's verification; the check step tells her nothing of records she may not
see; the audit names her. Platform administrators and the operator's command keep full
reach."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interchange.errors import InterchangeError
from interchange.importer import import_document
from interchange.models import ImportJob
from interchange.schema import Reach
from needs.models import Need
from partners.models import AuditEvent, Community, Partner, Role
from partners.selectors import scope_of
from tests.factories import CommunityFactory, PartnerFactory, UserFactory, make_tree, user_with_role

pytestmark = pytest.mark.django_db

OUTSIDE = "不在您的管辖范围 / outside your area"


@pytest.fixture
def world() -> dict[str, Any]:
    tree = make_tree()
    other = CommunityFactory.create(code="OTHER", name="外区", level="district", parent=None)
    other_street = CommunityFactory.create(
        code="OTHER-S01", name="外区街道", level="street", parent=other
    )
    other_community = CommunityFactory.create(
        code="OTHER-S01-C01", name="外区社区", parent=other_street
    )
    outsider = PartnerFactory.create(
        code="OTH-P001", name="外区合伙人", community=other_community, phone="18600004160"
    )
    insider = PartnerFactory.create(code="BA-P001", name="本区合伙人", community=tree["C11"])
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])
    return {"tree": tree, "outsider": outsider, "insider": insider, "admin": admin}


def _doc(**kinds: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "jinlin-interchange/1", **kinds}


def _partner(code: str, community: str, **fields: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "改名合伙人",
        "kind": "social_org",
        "community": community,
    } | fields


def _reach(user: Any) -> Reach:
    return Reach(community_ids=scope_of(user).area_ids)


def _problems(doc: dict[str, Any], user: Any, *, dry_run: bool = False) -> list[str]:
    with pytest.raises(InterchangeError) as caught:
        import_document(doc, reach=_reach(user), actor=user, dry_run=dry_run)
    return caught.value.problems


def test_renaming_another_districts_community_is_refused(world):
    doc = _doc(
        communities=[
            {
                "code": "OTHER-S01-C01",
                "name": "被改名",
                "level": "community",
                "parent": "OTHER-S01",
                "lat": 22.6,
                "lng": 113.9,
            }
        ]
    )
    assert _problems(doc, world["admin"]) == [f"communities[0].code: {OUTSIDE}"]
    assert Community.objects.get(code="OTHER-S01-C01").name == "外区社区"


def test_rewriting_another_districts_partner_is_refused(world):
    doc = _doc(partners=[_partner("OTH-P001", "OTHER-S01-C01", phone="110", status="suspended")])
    assert _problems(doc, world["admin"]) == [f"partners[0].code: {OUTSIDE}"]
    outsider = Partner.objects.get(code="OTH-P001")
    assert (outsider.name, outsider.phone, outsider.status) == (
        "外区合伙人",
        "18600004160",
        "verified",
    )


def test_a_partner_cannot_be_moved_out_of_the_area_or_created_outside_it(world):
    doc = _doc(
        partners=[
            _partner("BA-P001", "OTHER-S01-C01"),
            _partner("NEW-P1", "OTHER-S01-C01"),
        ]
    )
    assert _problems(doc, world["admin"]) == [
        f"partners[0].community: {OUTSIDE}",
        f"partners[1].community: {OUTSIDE}",
    ]
    assert Partner.objects.get(code="BA-P001").community.code == "BA-S1-C1"


def test_a_need_or_meeting_in_another_district_is_refused(world):
    window = {"start": "2026-10-01", "end": "2026-12-31"}
    doc = _doc(
        needs=[
            {"code": "N-OUT", "community": "OTHER-S01-C01", "title": "外区需求", "window": window}
        ],
        meetings=[
            {"code": "M-OUT", "community": "OTHER-S01-C01", "date": "2026-12-01", "title": "会"}
        ],
    )
    assert sorted(_problems(doc, world["admin"])) == [
        f"meetings[0].community: {OUTSIDE}",
        f"needs[0].community: {OUTSIDE}",
    ]
    assert not Need.objects.filter(code="N-OUT").exists()


def test_a_need_of_her_area_cannot_be_raised_at_another_districts_meeting(world):
    from needs.models import LiaisonMeeting

    LiaisonMeeting.objects.create(
        code="M-OUT",
        community=Community.objects.get(code="OTHER-S01-C01"),
        date="2026-12-01",
        title="外区联席会",
    )
    window = {"start": "2026-10-01", "end": "2026-12-31"}
    doc = _doc(
        needs=[
            {
                "code": "N-IN",
                "community": "BA-S1-C1",
                "title": "本区需求",
                "window": window,
                "meeting": "M-OUT",
            }
        ]
    )
    assert _problems(doc, world["admin"]) == [f"needs[0].meeting: {OUTSIDE}"]


def test_an_offering_of_another_districts_partner_is_refused(world):
    doc = _doc(
        offerings=[
            {
                "code": "O-OUT",
                "partner": "OTH-P001",
                "title": "外区服务",
                "modes": ["at_center"],
                "capacity": 3,
            }
        ]
    )
    assert _problems(doc, world["admin"]) == [f"offerings[0].partner: {OUTSIDE}"]


def test_another_districts_street_cannot_be_moved_under_her_district(world):
    doc = _doc(
        communities=[{"code": "OTHER-S01", "name": "外区街道", "level": "street", "parent": "BA"}]
    )
    assert _problems(doc, world["admin"]) == [f"communities[0].code: {OUTSIDE}"]
    assert Community.objects.filter(code="OTHER-S01", parent__code="OTHER").exists()


def test_her_street_cannot_be_moved_to_another_district(world):
    doc = _doc(
        communities=[{"code": "BA-S1", "name": "新安街道", "level": "street", "parent": "OTHER"}]
    )
    assert _problems(doc, world["admin"]) == [f"communities[0].parent: {OUTSIDE}"]


def test_a_street_administrator_cannot_move_her_street_nor_reach_the_next_street(world):
    street_admin = user_with_role(Role.Kind.STREET_ADMIN, community=world["tree"]["S1"])
    doc = _doc(
        communities=[
            {"code": "BA-S1", "name": "新安街道", "level": "street", "parent": "OTHER"},
            {
                "code": "BA-S1-C9",
                "name": "新社区",
                "level": "community",
                "parent": "BA-S2",
                "lat": 22.6,
                "lng": 113.9,
            },
        ]
    )
    assert _problems(doc, street_admin) == [
        f"communities[0].parent: {OUTSIDE}",
        f"communities[1].parent: {OUTSIDE}",
    ]


def test_a_partners_status_changes_only_through_verification(world):
    doc = _doc(partners=[_partner("BA-P001", "BA-S1-C1", status="suspended")])
    assert _problems(doc, world["admin"]) == [
        "partners[0].status: 认证状态只能通过审核更改 / a partner's status changes only "
        "through verification, with its reason"
    ]
    assert Partner.objects.get(code="BA-P001").status == "verified"


def test_inside_her_area_the_import_writes_and_names_her_in_the_audit(world):
    doc = _doc(
        communities=[
            {
                "code": "BA-S1-C9",
                "name": "新社区",
                "level": "community",
                "parent": "BA-S1",
                "lat": 22.6,
                "lng": 113.9,
            }
        ],
        partners=[_partner("BA-P001", "BA-S1-C9", status="verified")],
    )
    report = import_document(doc, reach=_reach(world["admin"]), actor=world["admin"])
    assert report.changed == 2
    assert Partner.objects.get(code="BA-P001").community.code == "BA-S1-C9"
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.actor == world["admin"]
    assert event.actor_name == world["admin"].get_username()


def test_the_check_step_says_the_same_whether_a_guessed_hidden_value_is_right(world):
    right = _doc(
        partners=[_partner("OTH-P001", "OTHER-S01-C01", name="外区合伙人", phone="18600004160")]
    )
    wrong = _doc(
        partners=[_partner("OTH-P001", "OTHER-S01-C01", name="外区合伙人", phone="18600009999")]
    )
    assert _problems(right, world["admin"], dry_run=True) == _problems(
        wrong, world["admin"], dry_run=True
    )


def test_the_operator_command_and_superusers_keep_full_reach(world):
    doc = _doc(partners=[_partner("OTH-P001", "OTHER-S01-C01", status="suspended")])
    report = import_document(doc)
    assert report.changed == 1
    assert Partner.objects.get(code="OTH-P001").status == "suspended"
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).actor_name == "import_region"


def _upload_and_confirm(client: Any, user: Any, doc: dict[str, Any], capture: Any) -> ImportJob:
    client.force_login(user)
    with capture(execute=True):
        client.post(
            reverse("import"),
            {"document": SimpleUploadedFile("region.json", json.dumps(doc).encode())},
        )
    check = ImportJob.objects.filter(kind="import_check").latest("pk")
    if check.status == "done":
        with capture(execute=True):
            client.post(reverse("import-confirm", args=[check.pk]))
    return ImportJob.objects.latest("pk")


def test_the_import_page_refuses_another_districts_records_and_shows_why(
    client, world, django_capture_on_commit_callbacks
):
    doc = _doc(partners=[_partner("OTH-P001", "OTHER-S01-C01", phone="110")])
    job = _upload_and_confirm(client, world["admin"], doc, django_capture_on_commit_callbacks)
    assert job.kind == "import_check"
    assert job.status == "failed"
    assert job.problems == [f"partners[0].code: {OUTSIDE}"]
    assert "不在您的管辖范围" in client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert Partner.objects.get(code="OTH-P001").phone == "18600004160"


def test_the_import_page_writes_for_a_superuser_and_the_audit_names_her(
    client, world, django_capture_on_commit_callbacks
):
    root = UserFactory.create(is_superuser=True, is_staff=True)
    doc = _doc(partners=[_partner("OTH-P001", "OTHER-S01-C01", phone="110")])
    job = _upload_and_confirm(client, root, doc, django_capture_on_commit_callbacks)
    assert (job.kind, job.status) == ("import_write", "done")
    assert Partner.objects.get(code="OTH-P001").phone == "110"
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).actor == root
