import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from interchange.models import ImportJob
from partners.models import Community, Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_admin(tree):
    return user_with_role(Role.Kind.DISTRICT_ADMIN, community=tree["BA"])


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


def _upload(client, name, content, capture):
    """Upload, let the task run when the request commits, then open the job's page."""
    with capture(execute=True):
        response = client.post(reverse("import"), {"document": SimpleUploadedFile(name, content)})
    return client.get(response["Location"])


def test_a_good_document_is_checked_then_written_on_confirm(
    client, district_admin, django_capture_on_commit_callbacks
):
    client.force_login(district_admin)
    content = json.dumps(_document()).encode()
    page = _upload(client, "region.json", content, django_capture_on_commit_callbacks)
    check = ImportJob.objects.get(kind="import_check")
    assert check.status == "done"
    assert "确认导入" in page.content.decode()
    assert not Community.objects.filter(code="BA-S1-C9").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import-confirm", args=[check.pk]))
    assert Community.objects.filter(code="BA-S1-C9").exists()
    assert ImportJob.objects.get(kind="import_write").result["changed"] == 1


def test_a_workbook_with_errors_shows_each_by_sheet_row_and_column(
    client, district_admin, django_capture_on_commit_callbacks
):
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet("communities")
    sheet.append(["code", "name", "level", "parent"])
    sheet.append(["BA-S1-C9", "新社区", "village", "BA-S1"])
    sheet.append(["BA-S1-C8", "", "community", "NOPE"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(district_admin)
    page = _upload(client, "region.xlsx", buffer.getvalue(), django_capture_on_commit_callbacks)
    body = page.content.decode()
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert len(job.problems) >= 2
    assert '<td data-label="工作表">communities</td>' in body
    assert '<td data-label="行">2</td>' in body
    assert '<td data-label="列">level</td>' in body
    assert not Community.objects.filter(code__in=["BA-S1-C9", "BA-S1-C8"]).exists()


def test_a_file_that_is_not_json_or_xlsx_is_refused_beside_the_field(client, district_admin):
    client.force_login(district_admin)
    response = client.post(
        reverse("import"), {"document": SimpleUploadedFile("notes.txt", b"hello")}
    )
    assert 'id="id_document_errors"' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_community_secretary_may_not_import(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("import")).status_code == 404


def test_nobody_follows_another_users_job(client, district_admin, secretary):
    job = ImportJob.objects.create(kind="import_check", owner=district_admin)
    client.force_login(secretary)
    assert client.get(reverse("import-job", args=[job.pk])).status_code == 404
