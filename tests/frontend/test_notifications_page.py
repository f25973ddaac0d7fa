import pytest
from django.urls import reverse

from needs import services
from needs.models import Notification

pytestmark = pytest.mark.django_db


def test_partner_member_is_told_of_dispatched_work_and_can_mark_it_read(
    client, member, secretary, need, offering, django_capture_on_commit_callbacks
):
    project = services.project_create(
        actor=secretary, need=need, offering=offering, quantity=1, status="dispatched"
    )
    client.force_login(member)
    home = client.get(reverse("home")).content.decode()
    assert 'class="count"' in home
    page = client.get(reverse("notifications")).content.decode()
    assert reverse("project-page", args=[project.pk]) in page
    client.post(reverse("notifications-read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert 'class="count"' not in client.get(reverse("home")).content.decode()


def test_nobody_sees_anothers_notifications(client, secretary, member, need, offering):
    services.project_create(
        actor=secretary, need=need, offering=offering, quantity=1, status="dispatched"
    )
    client.force_login(secretary)
    assert need.title not in client.get(reverse("notifications")).content.decode()
