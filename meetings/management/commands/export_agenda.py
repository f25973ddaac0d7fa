"""``manage.py export_agenda MEETING_CODE --format docx|pdf|xlsx|ics|html --output FILE``:
a liaison meeting's agenda (or, with ``--minutes``, its minutes) as a document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.exports import FORMATS, render
from needs.models import LiaisonMeeting
from needs.selectors import meetings_visible_to


class Command(BaseCommand):
    help = (
        "Write a liaison meeting's agenda or minutes as Word, PDF, Excel, an iCalendar "
        "invite or a print page. Contact details are masked unless --as names a user "
        "entitled to see them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting", help="the meeting's code")
        parser.add_argument(
            "--format", choices=FORMATS, help="the format; taken from --output's suffix if absent"
        )
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument(
            "--minutes", action="store_true", help="the minutes instead of the agenda"
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="export as this user sees the meeting (unmasked contacts if entitled)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r} "
                f"(from the output file's suffix)"
            )
        meeting = LiaisonMeeting.objects.filter(code=options["meeting"]).first()
        if meeting is None:
            raise CommandError(f"meeting: unknown meeting code {options['meeting']!r}")
        viewer: Any = AnonymousUser()
        if options["username"]:
            viewer = get_user_model().objects.filter(username=options["username"]).first()
            if viewer is None:
                raise CommandError(f"--as: unknown user {options['username']!r}")
            if not meetings_visible_to(viewer).filter(pk=meeting.pk).exists():
                raise CommandError(f"--as: {viewer} may not see meeting {meeting.code}")
        document = "minutes" if options["minutes"] else "agenda"
        content = render(meeting=meeting, viewer=viewer, document=document, fmt=fmt)
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"--output: cannot write {output}: {exc.strerror}") from None
        self.stdout.write(f"{meeting.code} {document} → {output} ({fmt}, {len(content)} bytes)")
