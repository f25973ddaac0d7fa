"""合伙人网络: how partners hold an area's communities together and where it is thin, as
a drawing (inline SVG, server-rendered) and three tables."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontend.views.insights import insight_context
from matching.engine import network as engine
from matching.engine.network import DRAWN_BRIDGES
from matching.insights.network import IDLE_ROWS, AreaNetwork, idle_limit, partner_network
from partners.models import Partner

# Rows of the bridges' table.
BRIDGE_ROWS = 20
# Sizes in the drawing's viewBox units.
COMMUNITY_RADIUS = 24
PARTNER_RADIUS = 6
LABEL_GAP = 10


@dataclass(frozen=True)
class DrawnCommunity:
    code: str
    name: str
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str
    baseline: str
    partners: int
    served_by: int


@dataclass(frozen=True)
class DrawnPartner:
    code: str
    name: str
    kind: str
    kind_label: str
    x: float
    y: float
    r: float
    label_y: float
    served: int
    reached: int
    sole: int


@dataclass(frozen=True)
class DrawnEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    projects: int
    width: float
    title: str


def edge_lines(edges: list[DrawnEdge]) -> SafeString:
    """The drawing's edges as SVG lines, each titled with its partner and community and
    its projects, or that the partner can reach the community and has none there.

    Written here rather than in the template, and escaped value by value rather than
    through ``format_html``: a district's drawn partners reach its communities thousands
    of times, and the template language took most of a second over those lines, and
    ``format_html`` a tenth of one."""
    reach_only = escape(_("可覆盖，尚无项目"))
    lines = []
    for e in edges:
        if e.projects:
            kind = "net-edge-work"
            count = escape(ngettext("%(n)s 个项目", "%(n)s 个项目", e.projects) % {"n": e.projects})
        else:
            kind, count = "net-edge-reach", reach_only
        lines.append(
            f'<line x1="{e.x1}" y1="{e.y1}" x2="{e.x2}" y2="{e.y2}" stroke-width="{e.width}"'
            f' class="{kind}"><title>{escape(e.title)} · {count}</title></line>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every value in it is escaped above


def drawing(area: AreaNetwork) -> dict[str, Any]:
    """What the template draws: every community, the partners worth drawing
    (:meth:`AreaNetwork.drawn_partners`) and their edges, reach-only edges first so the
    edges of work are drawn over them."""
    network = area.network
    layout = network.layout
    drawn = area.drawn_partners()
    bridges = {b.partner: b for b in network.bridges}
    sole: dict[str, int] = {}
    for dependency in network.dependencies:
        sole[dependency.partner] = sole.get(dependency.partner, 0) + 1
    reaching: dict[str, int] = {}
    working: dict[str, int] = {}
    for edge in network.edges:
        reaching[edge.community] = reaching.get(edge.community, 0) + edge.reaches
        working[edge.community] = working.get(edge.community, 0) + (edge.projects > 0)

    cx, cy = network.width / 2, network.height / 2
    communities = []
    for community in network.communities:
        point = layout[engine.community_key(community.code)]
        dx, dy = point.x - cx, point.y - cy
        norm = math.hypot(dx, dy) or 1.0
        ux, uy = (dx / norm, dy / norm) if (dx or dy) else (0.0, 1.0)
        reach = COMMUNITY_RADIUS + LABEL_GAP
        communities.append(
            DrawnCommunity(
                code=community.code,
                name=community.name,
                x=point.x,
                y=point.y,
                r=COMMUNITY_RADIUS,
                label_x=round(point.x + ux * reach, 1),
                label_y=round(point.y + uy * reach, 1),
                anchor="start" if ux > 0.35 else "end" if ux < -0.35 else "middle",
                baseline="hanging" if uy > 0.35 else "auto" if uy < -0.35 else "middle",
                partners=reaching.get(community.code, 0),
                served_by=working.get(community.code, 0),
            )
        )

    kinds = dict(Partner.Kind.choices)
    partners = []
    for partner in network.partners:
        if partner.code not in drawn:
            continue
        point = layout[engine.partner_key(partner.code)]
        bridge = bridges[partner.code]
        partners.append(
            DrawnPartner(
                code=partner.code,
                name=partner.name,
                kind=partner.kind,
                kind_label=str(kinds.get(partner.kind, partner.kind)),
                x=point.x,
                y=point.y,
                r=PARTNER_RADIUS + 1.25 * min(bridge.served, 4),
                # The name sits just under the dot, so the drawing reads without hovering.
                label_y=round(point.y + PARTNER_RADIUS + 1.25 * min(bridge.served, 4) + 2, 1),
                served=bridge.served,
                reached=bridge.reached,
                sole=sole.get(partner.code, 0),
            )
        )

    names = area.community_names
    edges = []
    for edge in sorted(network.edges, key=lambda e: (e.projects > 0, e.partner, e.community)):
        if edge.partner not in drawn:
            continue
        a = layout[engine.partner_key(edge.partner)]
        b = layout[engine.community_key(edge.community)]
        who = area.partners[edge.partner].name
        edges.append(
            DrawnEdge(
                x1=a.x,
                y1=a.y,
                x2=b.x,
                y2=b.y,
                projects=edge.projects,
                width=min(2 + 1.5 * (edge.projects - 1), 8) if edge.projects else 1,
                title=f"{who} — {names[edge.community]}",
            )
        )
    return {
        "width": network.width,
        "height": network.height,
        "communities": communities,
        "partners": partners,
        "edge_lines": edge_lines(edges),
        "kinds": [(value, label) for value, label in Partner.Kind.choices],
        "total_partners": len(network.partners),
    }


def tables(area: AreaNetwork, *, idle_rows: int | None = IDLE_ROWS) -> dict[str, Any]:
    """The rows of the bridges' (first :data:`BRIDGE_ROWS`), sole partners' and idle
    capacity's (first ``idle_rows``, all when ``None``) tables, with names."""
    network = area.network
    partners = area.partners
    names = area.community_names
    kinds = dict(Partner.Kind.choices)

    def who(code: str) -> dict[str, str]:
        partner = partners.get(code)
        return {
            "code": code,
            "name": partner.name if partner else code,
            "kind": str(kinds.get(partner.kind, "")) if partner else "",
        }

    return {
        "bridges": [
            {"partner": who(b.partner), "bridge": b} for b in network.bridges[:BRIDGE_ROWS]
        ],
        "dependencies": [
            {
                "partner": who(d.partner),
                "community": names.get(d.community, d.community),
                "category": area.category_names.get(d.category, d.category),
                "dependency": d,
            }
            for d in network.dependencies
        ],
        "idle": [
            {
                "partner": who(i.partner),
                "capacity": i.capacity,
                "communities": [names.get(c, c) for c in i.communities],
            }
            for i in network.idle[:idle_rows]
        ],
        "idle_total": len(network.idle),
    }


@login_required
def network_page(request: HttpRequest) -> HttpResponse:
    """The partner network of the chosen area and quarter; 404 for an area the user does
    not administer (see :func:`insight_context`)."""
    context = insight_context(request, "network")
    area = partner_network(scope=context["area"], quarter=context["quarter_value"])
    context.update(
        network=area,
        drawing=drawing(area),
        window=len(area.quarters),
        first_quarter=str(area.quarters[0]),
        drawn_bridges=DRAWN_BRIDGES,
        bridge_rows=BRIDGE_ROWS,
        **tables(area, idle_rows=idle_limit(request.GET.get("idle"))),
    )
    return render(request, "frontend/insights/network.html", context)
