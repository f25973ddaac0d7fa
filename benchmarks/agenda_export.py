"""Benchmark: exporting a 60-item liaison meeting agenda as Word and PDF (and the other
formats for comparison).

Builds a community in a fresh SQLite database (partners, offerings and enough open needs
for a 60-item agenda), draws the agenda up from the data with
``meetings.services.agenda_generate``, then renders each format a few times and prints the
median and slowest wall time, the size, and the PDF's page count. The target is Word
within 5 s and PDF within 15 s; nothing here passes or fails on time.

    .venv/bin/python benchmarks/agenda_export.py [--items 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from needs.models import LiaisonMeeting

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=60, help="agenda items wanted")
    parser.add_argument("--repeat", type=int, default=3, help="timed renders per format")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jinlin-agenda-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    meeting, user = _build(args.items)
    from meetings.exports import FORMATS, render
    from meetings.services import agenda_generate

    start = time.perf_counter()
    items = agenda_generate(actor=user, meeting=meeting)
    print(f"agenda generated: {len(items)} items in {time.perf_counter() - start:.2f} s")
    assert get_user_model().objects.filter(pk=user.pk).exists()  # noqa: S101 - sanity
    for fmt in ("docx", "pdf", *[f for f in FORMATS if f not in ("docx", "pdf")]):
        times = []
        size = 0
        content = b""
        for _ in range(args.repeat):
            start = time.perf_counter()
            content = render(meeting=meeting, viewer=user, document="agenda", fmt=fmt)
            times.append(time.perf_counter() - start)
            size = len(content)
        path = workdir / f"agenda.{fmt}"
        path.write_bytes(content)
        extra = f", {_pages(path)} pages" if fmt == "pdf" else ""
        print(
            f"{fmt:5} median {statistics.median(times):6.2f} s   slowest {max(times):6.2f} s   "
            f"{size / 1024:8.1f} KiB{extra}"
        )
    print(f"files written to {workdir}")


def _pages(pdf: Path) -> str:
    """The PDF's page count as poppler's pdfinfo reads it ("?" without poppler)."""
    program = shutil.which("pdfinfo")
    if program is None:
        return "?"
    info = subprocess.run([program, str(pdf)], capture_output=True, text=True).stdout  # noqa: S603 - our own file
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def _build(items: int) -> tuple[LiaisonMeeting, User]:
    """A community with 40 partners, 80 offerings and enough open needs to fill
    ``items`` agenda items (review, new partners and one item per open need)."""
    from django.contrib.auth import get_user_model

    from meetings import services as meeting_services
    from needs.models import Need
    from partners.models import Category, Community, Offering, Partner, Role

    district = Community.objects.create(code="B", name="云溪区", level="district")
    street = Community.objects.create(code="B-S1", name="桃江街道", level="street", parent=district)
    community = Community.objects.create(
        code="B-S1-C1", name="安山社区", level="community", parent=street, lat=26.08, lng=119.3
    )
    user = get_user_model().objects.create_user("bench_secretary", password="x" * 16)
    Role.objects.create(user=user, kind=Role.Kind.SECRETARY, community=community)
    categories = list(Category.objects.values_list("code", flat=True))
    partners = [
        Partner.objects.create(
            code=f"B-P{i:03d}",
            name=f"安山合伙单位{i}号",
            kind=Partner.Kind.UNIT,
            community=community,
            contact_name="王建国",
            phone=f"1381234{i:04d}",
            lat=26.08 + i * 0.001,
            lng=119.3,
            status=Partner.Status.VERIFIED,
        )
        for i in range(40)
    ]
    for i in range(80):
        offering = Offering.objects.create(
            code=f"B-O{i:03d}",
            partner=partners[i % len(partners)],
            title=f"便民服务项目{i}号：{categories[i % len(categories)]}",
            description="每月两次，在党群服务中心为居民提供服务，欢迎报名参加。",
            category_id=categories[i % len(categories)],
            modes=["at_center", "home_visit"],
            beneficiaries=["elderly", "children"],
            capacity=20,
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027, 12, 31),
        )
        offering.area_rows.create(community=community, position=0)
    for i in range(items - 2):
        Need.objects.create(
            code=f"B-N{i:03d}",
            community=community,
            title=f"居民需求{i}号：希望社区提供相关服务",
            description="楼里独居老人多，子女不在身边，希望有人定期上门或在中心提供服务。",
            category_id=categories[(i * 7) % len(categories)],
            modes=["at_center"] if i % 9 else ["online"],
            beneficiaries=["elderly"],
            quantity=1 + i % 3,
            window_start=dt.date(2026, 10, 1),
            window_end=dt.date(2026, 12, 31),
        )
    meeting = meeting_services.meeting_schedule(
        actor=user,
        data={
            "code": "B-M1",
            "community": community.code,
            "date": dt.date(2026, 10, 20),
            "start_time": dt.time(14, 30),
            "end_time": dt.time(16, 30),
            "place": "安山社区党群服务中心三楼会议室",
            "title": "2026年第四季度党建联席会",
            "attendees": [p.code for p in partners[:30]],
        },
    )
    return meeting, user


if __name__ == "__main__":
    main()
