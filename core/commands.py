"""What the batch commands share: ``manage.py match``, ``allocate`` and ``coverage`` run
once in a process over a whole district or city, and the process ends with them. They
skip Django's system checks, and leave their objects to the exit."""

from __future__ import annotations

import gc

from django.core.management.base import BaseCommand


class BatchCommand(BaseCommand):
    """A command that is its process's whole work. Run from the command line, it sets
    every object it leaves aside from the garbage collector (``gc.freeze``) as it
    returns: the process exits next, and the interpreter's last collection would
    otherwise walk the index's and the batch's millions of objects, 0.2-0.3 s of a
    district's ``match --all`` (0.07 s so). Called in a running process
    (``call_command``: a test, a shell), it leaves the collector as it was."""

    # Django's system checks import every view module of the site (about 0.9 s before
    # any work); a batch uses none of them (``manage.py check`` checks them).
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        super().run_from_argv(argv)
        gc.freeze()
