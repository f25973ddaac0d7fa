"""A small area to build partner networks in: street S1 with communities C1, C2, C3."""

from __future__ import annotations

from matching.engine.network import CommunityNode, PartnerNode

AREA = (
    CommunityNode("C1", "一社区", "S1"),
    CommunityNode("C2", "二社区", "S1"),
    CommunityNode("C3", "三社区", "S1"),
)


def partners(*codes: str) -> list[PartnerNode]:
    """Social organisations named after their codes."""
    return [PartnerNode(code, f"合伙人{code}", "social_org") for code in codes]
