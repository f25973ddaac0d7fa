"""A community's three quarters of work with known figures, for the trends' tests.

海裕社区 (BA-S1-C1, with its station) in 2026Q2–2026Q4, times in Beijing time:

=========  ======  ======  =====  ==========  ========  ====  =========  ======  =======
quarter    raised  served  units  dispatched  declined  days  accepted   rating  ratings
=========  ======  ======  =====  ==========  ========  ====  =========  ======  =======
2026Q2     2       1       3      2           1         2.0   1          —       0
2026Q3     1       1       1      2           0         4.5   1          4.5     2
2026Q4     1       2       7      1           0         2.25  2          3.33    3
=========  ======  ======  =====  ==========  ========  ====  =========  ======  =======

plus one need raised in 2026Q1 (at 23:00 on 31 March, Beijing time), a draft, and a
need of 九围社区 (BA-S2-C1) with delivered and rated work that 海裕社区 must not count.
"""

from __future__ import annotations

import datetime as dt

from needs.models import Evaluation, Need, Project, ProjectEvent
from partners.models import Community
from tests.factories import NeedFactory, ProjectFactory, make_tree

BEIJING = dt.timezone(dt.timedelta(hours=8))

EXPECTED = {
    "2026Q2": (2, 1, 3, 2, 1, 2.0, 1, None, 0),
    "2026Q3": (1, 1, 1, 2, 0, 4.5, 1, 4.5, 2),
    "2026Q4": (1, 2, 7, 1, 0, 2.25, 2, 3.33, 3),
}
FIELDS = (
    "needs_raised",
    "needs_served",
    "units_served",
    "projects_dispatched",
    "projects_declined",
    "days_to_acceptance",
    "acceptances",
    "average_rating",
    "ratings",
)


def when(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of 2026 in Beijing time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


def need(code: str, community: Community, created: dt.datetime, **fields: object) -> Need:
    made: Need = NeedFactory.create(code=code, community=community, **fields)
    Need.objects.filter(pk=made.pk).update(created_at=created)
    return made


def project(of: Need, quantity: int, *steps: tuple[str, str, dt.datetime]) -> Project:
    """A project whose timeline is ``steps``: (action, new state, when), each from the
    state before it (the first from nothing)."""
    made: Project = ProjectFactory.create(need=of, quantity=quantity, status=steps[-1][1])
    before = ""
    for action, to_status, at in steps:
        ProjectEvent.objects.create(
            project=made, action=action, from_status=before, to_status=to_status, at=at
        )
        before = to_status
    return made


def rate(rated: Project, by: str, rating: int, at: dt.datetime, *, state: str) -> None:
    """A rating given at ``at``, with its step on the timeline (``state`` → after)."""
    evaluation = Evaluation.objects.create(project=rated, by=by, rating=rating)
    Evaluation.objects.filter(pk=evaluation.pk).update(created_at=at)
    after = "evaluated" if by == "community" else state
    ProjectEvent.objects.create(
        project=rated, action="evaluate", from_status=state, to_status=after, at=at
    )


def build() -> dict[str, Community]:
    """The tree of :func:`tests.factories.make_tree` with the work in the table above."""
    tree = make_tree()
    c11, station, c21 = tree["C11"], tree["X1"], tree["C21"]

    need("N-Q1", c11, dt.datetime(2026, 3, 31, 23, 0, tzinfo=BEIJING))
    n1 = need("N-1", c11, when(4, 10))
    n2 = need("N-2", c11, when(5, 20))
    # 00:30 on 1 July in Beijing is still 30 June in UTC: the third quarter's.
    n3 = need("N-3", station, when(7, 1, 0, 30))
    need("N-DRAFT", c11, when(8, 1), status=Need.Status.DRAFT)
    n5 = need("N-5", c11, when(10, 5))

    # 2026Q2: dispatched 1 May, accepted 3 May (2 days), delivered 20 June, 3 units.
    p1 = project(
        n1,
        3,
        ("create", "proposed", when(4, 30)),
        ("dispatch", "dispatched", when(5, 1)),
        ("accept", "accepted", when(5, 3)),
        ("start", "in_progress", when(5, 4)),
        ("deliver", "delivered", when(6, 20)),
    )
    # ... rated in 2026Q3: first by the resident (the state stays delivered, which is
    # no second delivery), then by the community.
    rate(p1, "resident", 5, when(7, 1), state="delivered")
    rate(p1, "community", 4, when(7, 2), state="delivered")
    # 2026Q2: dispatched and declined.
    project(
        n1,
        2,
        ("create", "proposed", when(5, 9)),
        ("dispatch", "dispatched", when(5, 10)),
        ("decline", "declined", when(5, 11)),
    )
    # 2026Q3: dispatched 10 July 00:00, accepted 14 July 12:00 (4.5 days), delivered at
    # 23:30 on 30 September (Beijing time), 1 unit.
    project(
        n3,
        1,
        ("dispatch", "dispatched", when(7, 10, 0)),
        ("accept", "accepted", when(7, 14, 12)),
        ("deliver", "delivered", when(9, 30, 23, 30)),
    )
    # Dispatched in 2026Q3, accepted in 2026Q4 three days later, delivered (4 units),
    # rated 2.
    p4 = project(
        n5,
        4,
        ("dispatch", "dispatched", when(9, 28)),
        ("accept", "accepted", when(10, 1)),
        ("deliver", "delivered", when(11, 10)),
    )
    rate(p4, "community", 2, when(11, 12), state="delivered")
    # Taken at a meeting (never dispatched, so no days to acceptance), delivered in
    # 2026Q4 (1 unit), rated 3.
    p5 = project(
        n2,
        1,
        ("create", "accepted", when(10, 3)),
        ("deliver", "delivered", when(10, 20)),
    )
    rate(p5, "community", 3, when(10, 25), state="delivered")
    # 2026Q4: dispatched 10 October 00:00, accepted 1.5 days later, delivered for the
    # same need as p4 (still one need served, 2 more units), rated 5.
    p6 = project(
        n5,
        2,
        ("dispatch", "dispatched", when(10, 10, 0)),
        ("accept", "accepted", when(10, 11, 12)),
        ("deliver", "delivered", when(10, 30)),
    )
    rate(p6, "community", 5, when(11, 1), state="delivered")

    # 九围社区's work, outside 海裕社区.
    elsewhere = need("N-ELSEWHERE", c21, when(10, 5))
    p7 = project(
        elsewhere,
        9,
        ("dispatch", "dispatched", when(10, 6)),
        ("accept", "accepted", when(10, 7)),
        ("deliver", "delivered", when(10, 8)),
    )
    rate(p7, "community", 1, when(10, 9), state="delivered")
    return tree
