"""A street with a rehabilitation gap two quarters running, for the recommendations.

Places (make_tree's, with coordinates set): 海裕社区 (BA-S1-C1) at the centre, 灵芝社区
(BA-S1-C2, same street) 2 km north, 九围社区 (BA-S2-C1, another street) 2.5 km south, and
凤凰社区 (BA-S2-C2, that other street) 20 km south. 海裕's neighbours are 灵芝 and 九围,
nearest first; 凤凰 is too far and on another street.

康复服务 (rehab) in 海裕:
- 2026Q3: need 5 (N-R1, raised in June, window July–December); 居家康复队 reaches it with
  2 → gap 3.
- 2026Q4: need 5 + 2 (N-R2) = 7; still 2 → gap 5. Two quarters running → recruit.
- 九围康复中心 (九围, capacity 6) and 灵芝社康站 (灵芝, capacity 3) serve neighbours but not
  海裕 → invited, 6 before 3. 居家康复队 also serves 灵芝 with 4 but already reaches 海裕:
  not invited. 凤凰骨科 (凤凰, capacity 9) is no neighbour: not invited.

法律服务 (legal_aid) in 海裕: need 1 (N-L, Q4 only, online: nobody offers that, so no
partner can take it), nobody reaches 海裕 → gap 1 this quarter only: no recruit;
灵芝律所 (灵芝, capacity 4) invited.

灵芝 has no need: no gap, no recommendation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from matching.index import forget_index
from needs.models import LiaisonMeeting
from partners.models import Community, Offering, Role
from tests.factories import (
    FACTORY_DAY,
    CommunityFactory,
    MeetingFactory,
    NeedFactory,
    OfferingFactory,
    PartnerFactory,
    make_tree,
    user_with_role,
)

# A day of 2026Q4 inside every window and validity.
TODAY = FACTORY_DAY
RAISED_IN_JUNE = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
KM_NORTH = 1 / 111.2  # degrees of latitude per km
CENTRE = (22.55, 113.88)

RECRUIT_ZH = "为海裕社区招募康复服务合伙人：本季度缺口 5 个单位，上季度缺口 3 个"
INVITE_REHAB_ZH = (
    "邀请九围康复中心（服务邻近的九围社区）参加海裕社区的联席会：康复服务本季度缺口 5 个单位，"
    "该合伙人尚余容量 6 个"
)
INVITE_NEAR_ZH = (
    "邀请灵芝社康站（服务邻近的灵芝社区）参加海裕社区的联席会：康复服务本季度缺口 5 个单位，"
    "该合伙人尚余容量 3 个"
)
INVITE_LAW_ZH = (
    "邀请灵芝律所（服务邻近的灵芝社区）参加海裕社区的联席会：法律服务本季度缺口 1 个单位，"
    "该合伙人尚余容量 4 个"
)


@dataclass
class Street:
    tree: dict[str, Community]
    secretary: Any  # of 海裕
    street_admin: Any  # of 新安街道
    other_secretary: Any  # of 九围
    member: Any  # of 居家康复队


def _place(community: Community, km_north: float) -> None:
    community.lat = CENTRE[0] + km_north * KM_NORTH
    community.lng = CENTRE[1]
    community.save(update_fields=["lat", "lng"])


def _offering(code: str, partner: Any, category: str, capacity: int, *areas: Community) -> Any:
    offering: Offering = OfferingFactory.create(
        code=code,
        partner=partner,
        title="康复训练" if category == "rehab" else "法律咨询",
        description="",
        category_id=category,
        capacity=capacity,
    )
    for position, area in enumerate(areas):
        offering.area_rows.create(community=area, position=position)
    return offering


def build_street() -> Street:
    """The data the module's docstring describes; the matching index forgotten so the
    next ranking reads it."""
    tree = make_tree()
    tree["C22"] = CommunityFactory.create(code="BA-S2-C2", name="凤凰社区", parent=tree["S2"])
    for key, km in (("C11", 0.0), ("C12", 2.0), ("C21", -2.5), ("C22", -20.0)):
        _place(tree[key], km)
    c11, c12, c21, c22 = tree["C11"], tree["C12"], tree["C21"], tree["C22"]
    home = PartnerFactory.create(code="P-HOME", name="居家康复队", community=c11)
    _offering("O-HOME", home, "rehab", 2, c11)
    _offering("O-HOME-C12", home, "rehab", 4, c12)
    for code, name, community, category, capacity in (
        ("P-JW", "九围康复中心", c21, "rehab", 6),
        ("P-LZ", "灵芝社康站", c12, "rehab", 3),
        ("P-FH", "凤凰骨科", c22, "rehab", 9),
        ("P-LAW", "灵芝律所", c12, "legal_aid", 4),
    ):
        partner = PartnerFactory.create(code=code, name=name, community=community)
        _offering(f"O-{code[2:]}", partner, category, capacity, community)
    old = NeedFactory.create(
        code="N-R1",
        community=c11,
        title="中风老人康复训练",
        category_id="rehab",
        quantity=5,
        window_start=dt.date(2026, 7, 1),
        window_end=dt.date(2026, 12, 31),
    )
    type(old).objects.filter(pk=old.pk).update(created_at=RAISED_IN_JUNE)
    NeedFactory.create(
        code="N-R2", community=c11, title="术后康复", category_id="rehab", quantity=2
    )
    NeedFactory.create(
        code="N-L",
        community=c11,
        title="线上遗产纠纷咨询",
        category_id="legal_aid",
        quantity=1,
        modes=["online"],
    )
    street = Street(
        tree=tree,
        secretary=user_with_role(Role.Kind.SECRETARY, community=c11),
        street_admin=user_with_role(Role.Kind.STREET_ADMIN, community=tree["S1"]),
        other_secretary=user_with_role(Role.Kind.SECRETARY, community=c21),
        member=user_with_role(Role.Kind.PARTNER_MEMBER, partner=home),
    )
    forget_index()
    return street


# 海裕's quarterly meetings: the last on 2026-07-10 (after N-R1 was raised, so N-R1
# comes back for decision), the next on 2026-11-20.
LAST_MEETING_DAY = dt.date(2026, 7, 10)
MEETING_DAY = dt.date(2026, 11, 20)


def meeting_of(street: Street, key: str = "C11") -> LiaisonMeeting:
    """The next meeting of the community ``key`` of ``street``, after a last one, with
    its agenda drawn up by its secretary."""
    from meetings.services import agenda_generate

    community = street.tree[key]
    MeetingFactory.create(code=f"M-LAST-{key}", community=community, date=LAST_MEETING_DAY)
    meeting: LiaisonMeeting = MeetingFactory.create(
        code=f"M-NEXT-{key}",
        community=community,
        date=MEETING_DAY,
        title="2026年第四季度党建联席会",
    )
    secretary = (
        street.secretary
        if key == "C11"
        else user_with_role(Role.Kind.SECRETARY, community=community)
    )
    agenda_generate(actor=secretary, meeting=meeting)
    return meeting
