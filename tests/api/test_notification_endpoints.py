"""My notifications: only mine, unread filter, marking one or all read."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from needs.models import Notification
from partners.models import Community


def test_list_mine_filter_unread_and_mark_read(
    client_for: Any, secretary_a: Any, member_a: Any, tree: dict[str, Community]
) -> None:
    first = Notification.objects.create(recipient=member_a, kind="dispatched", text="新派单：一")
    Notification.objects.create(recipient=member_a, kind="dispatched", text="新派单：二")
    theirs = Notification.objects.create(recipient=secretary_a, kind="accepted", text="已接单")
    client = client_for(member_a)
    listed = client.get(reverse("notification-list")).json()
    assert [n["text"] for n in listed["results"]] == ["新派单：二", "新派单：一"]
    read = client.post(reverse("notification-read", args=[first.pk]))
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    unread = client.get(reverse("notification-list"), {"unread": "true"}).json()
    assert [n["text"] for n in unread["results"]] == ["新派单：二"]
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notification-read-all")).json() == {"marked": 1}
    assert Notification.objects.filter(recipient=member_a, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
