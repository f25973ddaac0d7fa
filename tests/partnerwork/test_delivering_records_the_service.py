"""Marking work delivered records the service (date, hours, people, note, photos); a
bad photo refuses the whole step; photos are served only to those entitled; the
resident reads what became of her request in plain words; badges settle."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from needs import services
from needs.models import Notification, Project, ServiceRecord
from needs.selectors import request_progress
from tests.factories import PASSWORD

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


def photo(name: str, body: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="image/png")


def signed_in(user: Any) -> Client:
    browser = Client()
    browser.login(username=user.username, password=PASSWORD)
    return browser


def start(project: Project, member: Any) -> None:
    services.project_accept(actor=member, project=project)
    services.project_start(actor=member, project=project)


def test_the_api_records_the_service_with_photos(
    dispatched: Project, member: Any, client_for: Any
) -> None:
    start(dispatched, member)

    response = client_for(member).post(
        reverse("project-deliver", args=[dispatched.pk]),
        {
            "served_on": "2026-11-20",
            "hours": "1.5",
            "people_served": 1,
            "note": "换了阀芯",
            "photos": [photo("before.png", PNG), photo("after.jpg", JPEG)],
        },
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    record = response.json()["service_record"]
    assert record["hours"] == "1.5"
    assert record["people_served"] == 1
    assert len(record["photos"]) == 2
    kinds = list(ServiceRecord.objects.get().photos.values_list("content_type", flat=True))
    assert kinds == ["image/png", "image/jpeg"]


def test_a_file_that_is_not_a_photo_refuses_the_whole_step(
    dispatched: Project, member: Any, client_for: Any
) -> None:
    start(dispatched, member)

    response = client_for(member).post(
        reverse("project-deliver", args=[dispatched.pk]),
        {
            "hours": "2",
            "people_served": 1,
            "photos": [photo("ok.png", PNG), photo("virus.png", b"MZ\x90\0 not an image")],
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "photos.1" in response.json()["error"]["fields"]
    dispatched.refresh_from_db()
    assert dispatched.status == "in_progress"
    assert not ServiceRecord.objects.exists()


def test_the_page_records_it_and_the_photos_go_only_to_those_entitled(
    dispatched: Project, member: Any, secretary: Any, resident: Any, stranger: Any, settings: Any
) -> None:
    start(dispatched, member)
    settings.SERVICE_PHOTO_MAX_BYTES = 1024
    browser = signed_in(member)
    too_big = browser.post(
        reverse("project-act", args=[dispatched.pk, "deliver"]),
        {
            "served_on": "2026-11-20",
            "hours": "1",
            "people_served": "1",
            "photos": [photo("big.png", PNG + b"\0" * 2048)],
        },
        follow=True,
    ).content.decode()
    assert "照片不能超过" in too_big
    browser.post(
        reverse("project-act", args=[dispatched.pk, "deliver"]),
        {
            "served_on": "2026-11-20",
            "hours": "1",
            "people_served": "2",
            "service_note": "换了阀芯",
            "photos": [photo("after.png", PNG)],
        },
    )

    record = ServiceRecord.objects.get()
    assert record.people_served == 2
    url = reverse("project-photo", args=[dispatched.pk, record.photos.get().pk])
    for user in (member, secretary, resident):
        got = signed_in(user).get(url)
        assert got.status_code == 200
        assert b"".join(got.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert signed_in(stranger).get(url).status_code == 404
    assert (
        "换了阀芯"
        in signed_in(secretary).get(reverse("project-page", args=[dispatched.pk])).content.decode()
    )


def test_the_resident_reads_who_comes_and_when(
    dispatched: Project, member: Any, resident: Any, client_for: Any
) -> None:
    request = dispatched.need.request
    assert request is not None
    assert "正在等对方确认" in request_progress(request)

    services.project_accept(actor=member, project=dispatched)
    api = client_for(resident).get(reverse("request-detail", args=[request.pk])).json()
    home = signed_in(resident).get("/").content.decode()

    words = f"{dispatched.offering.title}·{dispatched.offering.partner.name} 会联系您"
    assert api["progress"].startswith(words)
    assert words in home
    assert "已转为需求" not in home


def test_a_notice_is_settled_when_its_work_is_done(
    dispatched: Project, member: Any, secretary: Any, resident: Any
) -> None:
    unread = Notification.objects.filter(read_at=None)
    assert unread.filter(recipient=member, kind="dispatched").exists()

    services.project_accept(actor=member, project=dispatched)
    assert not unread.filter(recipient=member, kind="dispatched").exists()
    services.project_start(actor=member, project=dispatched)
    services.project_deliver(
        actor=member,
        project=dispatched,
        record=services.ServiceData(
            served_on=dt.date(2026, 11, 20), hours=Decimal("1"), people_served=1
        ),
    )
    assert unread.filter(recipient=secretary, kind="delivered").exists()
    assert unread.filter(recipient=resident, kind="delivered").exists()

    services.project_evaluate(actor=secretary, project=dispatched, rating=5)
    assert not unread.filter(recipient=secretary, kind="delivered").exists()
    assert unread.filter(recipient=resident, kind="delivered").exists()  # hers still waits
    signed_in(resident).get(reverse("project-page", args=[dispatched.pk]))
    assert not unread.filter(recipient=resident, project=dispatched).exists()
