"""Erasing a person's data on her request (个人信息删除)."""

from __future__ import annotations

from django.utils import timezone

from centres.activities import signup_cancel
from centres.models import Booking, SignUp
from core.errors import require
from needs.models import Evaluation, Need, Notification, ResidentRequest
from partners.models import AuditEvent, Partner, Role
from partners.selectors import scope_of
from partners.services import Actor, audit_event_record


def person_erase(*, actor: Actor) -> None:
    """Erase the signed-in person's personal data, keeping the aggregate history.

    The account is anonymised (``erased-<id>``, no name or e-mail, no usable password,
    inactive) and loses its roles, API tokens and notifications; needs she posted keep
    their title, category, dates and projects but lose their description and their link
    to her; her small requests lose their text and phone; her evaluations keep their
    rating but lose their comment and author; her activity sign-ups lose their comment
    and her places still to come are given up; her room bookings no longer name her; a
    resident partner (her own skill listing) whose only member she is loses its name,
    contact, address and description and is suspended, its offerings and projects
    kept; the audit trail keeps what was done but no longer her e-mail or address.
    Consent records stay as proof of what was agreed. One audit event records the
    erasure. Locks the user row (``SELECT … FOR UPDATE``) so two requests erase once.
    """
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    signed_in = scope_of(actor).user_id
    require(signed_in is not None, "sign in to erase your data")
    user_id = int(signed_in or 0)
    user = get_user_model().objects.select_for_update().get(pk=user_id)
    memberships = list(
        Role.objects.filter(user_id=user_id, kind=Role.Kind.PARTNER_MEMBER).values_list(
            "partner_id", flat=True
        )
    )
    for partner in Partner.objects.select_for_update().filter(
        pk__in=memberships, kind=Partner.Kind.RESIDENT
    ):
        if Role.objects.filter(partner=partner).exclude(user_id=user_id).exists():
            continue
        partner.name = f"已注销居民 {partner.code}"
        partner.contact_name = ""
        partner.phone = ""
        partner.address = ""
        partner.description = ""
        partner.lat = partner.community.lat
        partner.lng = partner.community.lng
        partner.status = Partner.Status.SUSPENDED
        partner.status_reason = "本人已注销"
        partner.save()
        partner.tags.clear()
    posted = Need.objects.filter(created_by_id=user_id)
    posted.filter(source=Need.Source.RESIDENT).update(description="")
    posted.update(created_by=None)
    ResidentRequest.objects.filter(resident_id=user_id).update(text="", phone="", resident=None)
    ResidentRequest.objects.filter(created_by_id=user_id).update(created_by=None)
    Evaluation.objects.filter(author_id=user_id).update(comment="", author=None)
    # What she came to stays counted (the account that came is anonymised below); her
    # comments go, and her places at activities still to come are given up.
    SignUp.objects.filter(resident_id=user_id).update(comment="")
    to_come = SignUp.objects.filter(
        resident_id=user_id, activity__start__gt=timezone.now()
    ).exclude(status=SignUp.Status.CANCELLED)
    for signup in to_come:
        # As if she cancelled: the first waiting moves up and is told.
        signup_cancel(actor=actor, signup=signup)
    Booking.objects.filter(requested_by_id=user_id).update(requested_by=None)
    Notification.objects.filter(recipient_id=user_id).delete()
    Role.objects.filter(user_id=user_id).delete()
    Token.objects.filter(user_id=user_id).delete()
    LogEntry.objects.filter(actor_id=user_id).update(
        actor_email=None, remote_addr=None, remote_port=None
    )
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    audit_event_record(
        actor=user,
        action=AuditEvent.Action.ERASURE,
        what="本人数据删除",
        detail={"partners": memberships},
    )
