"""The bulk import through the API: the same jobs, the same rule and the same checks as
the ``/import/`` page (tests/frontend/test_bulk_import_pages.py)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from interchange.models import ImportJob
from partners.models import Community, Role
from tests.factories import CommunityFactory, make_tree, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """宝安区 (the importer's district) and another district beside it."""
    communities = make_tree()
    communities["OTHER"] = CommunityFactory.create(
        code="OT", name="另一区", level="district", parent=None
    )
    communities["OTHER-S"] = CommunityFactory.create(
        code="OT-S1", name="另一街道", level="street", parent=communities["OTHER"]
    )
    return communities


def _document(**community):
    record: dict[str, object] = {
        "code": "BA-S1-C9",
        "name": "新社区",
        "level": "community",
        "parent": "BA-S1",
    }
    record |= {"lat": 22.6, "lng": 113.9}
    record.update(community)
    return {"format": "jinlin-interchange/1", "communities": [record]}


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _upload(client, capture, document, name="region.json"):
    content = json.dumps(document).encode()
    with capture(execute=True):
        answer = client.post(
            "/api/v1/imports/",
            {"document": SimpleUploadedFile(name, content)},
            format="multipart",
        )
    assert answer.status_code == 202, answer.content
    return client.get(f"/api/v1/imports/{answer.json()['id']}/").json()


def test_a_district_administrator_checks_then_writes_a_file(
    tree, django_capture_on_commit_callbacks
):
    client = _client(user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]))
    check = _upload(client, django_capture_on_commit_callbacks, _document())
    assert (check["kind"], check["status"], check["problems"]) == ("import_check", "done", [])
    assert not Community.objects.filter(code="BA-S1-C9").exists()

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/api/v1/imports/{check['id']}/confirm/")
    assert answer.status_code == 202
    written = client.get(f"/api/v1/imports/{answer.json()['id']}/").json()
    assert (written["kind"], written["status"]) == ("import_write", "done")
    assert written["result"]["changed"] == 1
    assert Community.objects.filter(code="BA-S1-C9", parent__code="BA-S1").exists()


def test_problems_are_listed_and_a_failed_check_cannot_be_written(
    tree, django_capture_on_commit_callbacks
):
    client = _client(user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]))
    check = _upload(client, django_capture_on_commit_callbacks, _document(level="village"))
    assert check["status"] == "failed"
    assert [p["place"] for p in check["problems"]] == ["communities[0].level"]
    answer = client.post(f"/api/v1/imports/{check['id']}/confirm/")
    assert answer.status_code == 409
    assert ImportJob.objects.filter(kind="import_write").count() == 0


def test_a_file_reaching_outside_her_area_is_refused_as_on_the_page(
    tree, django_capture_on_commit_callbacks
):
    client = _client(user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]))
    outside = _document(code="OT-S1-C9", parent=tree["OTHER-S"].code)
    check = _upload(client, django_capture_on_commit_callbacks, outside)
    assert check["status"] == "failed"
    assert any("outside your area" in p["message"] for p in check["problems"])


def test_only_importers_may_use_either_face(client, tree):
    secretary = user_with_role(Role.Kind.SECRETARY, community=tree["C11"])
    content = json.dumps(_document()).encode()
    api = _client(secretary).post(
        "/api/v1/imports/", {"document": SimpleUploadedFile("r.json", content)}, format="multipart"
    )
    assert api.status_code == 403
    client.force_login(secretary)
    page = client.post(reverse("import"), {"document": SimpleUploadedFile("r.json", content)})
    assert page.status_code == 404
    assert not ImportJob.objects.exists()


def test_nobody_follows_anyone_elses_job(tree, django_capture_on_commit_callbacks):
    owner = _client(user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]))
    check = _upload(owner, django_capture_on_commit_callbacks, _document())
    other = _client(user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"]))
    assert other.get(f"/api/v1/imports/{check['id']}/").status_code == 404
    assert other.post(f"/api/v1/imports/{check['id']}/confirm/").status_code == 404
