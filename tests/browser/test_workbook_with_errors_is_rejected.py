import io

import pytest
from openpyxl import Workbook

from interchange.models import ImportJob
from partners.models import Community, Role
from tests.browser.conftest import PHONE
from tests.browser.data import district
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def _workbook_with_errors(path):
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet("communities")
    sheet.append(["code", "name", "level", "parent", "lat", "lng"])
    sheet.append(["BA-S1-C9", "新社区", "village", "BA-S1", 22.6, 113.9])
    sheet.append(["BA-S1-C8", "另一个社区", "community", "NOPE", 22.6, 113.9])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_workbook_with_errors_is_rejected_with_every_error_shown(open_session, tmp_path):
    world = district()
    admin = user_with_role(Role.Kind.DISTRICT_ADMIN, community=world["tree"]["BA"])
    s = open_session()
    s.sign_in(admin.username)
    page = s.go("/import/")
    page.get_by_label("导入文件").set_input_files(str(_workbook_with_errors(tmp_path / "区.xlsx")))
    page.get_by_role("button", name="上传并检查").click()
    page.locator("table.problems").wait_for()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    rows = page.locator("table.problems tbody tr")
    assert rows.count() == len(job.problems) >= 2
    assert page.get_by_role("cell", name="level").first.is_visible()
    assert not Community.objects.filter(code__in=["BA-S1-C9", "BA-S1-C8"]).exists()
    s.shot("import-rejected")

    phone = open_session(PHONE)
    phone.sign_in(admin.username)
    phone.go(f"/import/jobs/{job.pk}/")
    phone.shot("phone-import-rejected")
    phone.go("/")
    phone.shot("phone-district-admin-home")
    phone.go("/partners/")
    phone.shot("phone-partners")
