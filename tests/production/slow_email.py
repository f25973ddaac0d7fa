"""An email backend for the worker fault tests: it marks that sending began, waits, then
writes each message's recipients to a file, one line per message."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class SlowEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        outbox = Path(os.environ["SLOW_EMAIL_OUTBOX"])
        with outbox.with_suffix(".begun").open("a") as begun:
            begun.write(f"{os.getpid()}\n")
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "5")))
        with outbox.open("a") as sent:
            for message in email_messages:
                sent.write(",".join(message.to) + "\n")
        return len(email_messages)
