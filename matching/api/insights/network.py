"""The partner network of an area as JSON: ``GET /api/v1/insights/network/``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.api.insights import InsightQuerySerializer, area_and_quarter
from matching.engine import network as engine
from matching.insights.network import (
    IDLE_ROWS,
    MAX_WINDOW,
    WINDOW,
    AreaNetwork,
    idle_limit,
    partner_network,
)
from partners.api.serializers import ERRORS_READ, ErrorSerializer


class NetworkQuerySerializer(InsightQuerySerializer):
    """Query parameters of ``GET /api/v1/insights/network/``."""

    window = serializers.IntegerField(
        min_value=1,
        max_value=MAX_WINDOW,
        default=WINDOW,
        help_text="how many quarters of projects, ending with the quarter",
    )
    idle = serializers.ChoiceField(
        choices=["all"],
        required=False,
        help_text=f"all: every idle partner (default: the {IDLE_ROWS} with the most capacity)",
    )


class NodeSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="community:CODE or partner:CODE")
    kind = serializers.ChoiceField(choices=["community", "partner"])
    code = serializers.CharField()
    name = serializers.CharField()
    partner_kind = serializers.CharField(
        allow_null=True, help_text="unit, social_org or resident; null for a community"
    )
    x = serializers.FloatField(help_text="in the viewBox 0 0 width height")
    y = serializers.FloatField()


class EdgeSerializer(serializers.Serializer[Any]):
    partner = serializers.CharField(help_text="partner code")
    community = serializers.CharField(help_text="community code")
    projects = serializers.IntegerField(help_text="live projects there in the window")
    reaches = serializers.BooleanField(help_text="an offering passes the hard rules there")


class BridgeSerializer(serializers.Serializer[Any]):
    partner = serializers.CharField()
    partner_name = serializers.CharField()
    served = serializers.IntegerField(help_text="communities its projects served")
    reached = serializers.IntegerField(help_text="communities its offerings reach")
    betweenness = serializers.FloatField(help_text="normalised, on the projects' graph")


class DependencySerializer(serializers.Serializer[Any]):
    community = serializers.CharField()
    community_name = serializers.CharField()
    category = serializers.CharField()
    category_name = serializers.CharField()
    partner = serializers.CharField(help_text="the only partner reaching it")
    partner_name = serializers.CharField()
    need_units = serializers.IntegerField(help_text="need units open")
    projects = serializers.IntegerField(help_text="the partner's projects there in the window")


class IdleSerializer(serializers.Serializer[Any]):
    partner = serializers.CharField()
    partner_name = serializers.CharField()
    capacity = serializers.IntegerField(help_text="units this quarter, none used or promised")
    communities = serializers.ListField(
        child=serializers.CharField(), help_text="community codes it reaches"
    )


class NetworkSerializer(serializers.Serializer[Any]):
    scope = serializers.CharField()
    quarter = serializers.CharField()
    quarters = serializers.ListField(
        child=serializers.CharField(), help_text="the window, oldest first"
    )
    width = serializers.FloatField()
    height = serializers.FloatField()
    nodes = NodeSerializer(
        many=True,
        help_text="every community and the partners drawn (with projects, relied on alone, "
        "or among the top bridges; 150 at most)",
    )
    edges = EdgeSerializer(
        many=True,
        help_text="the pairs with projects and every pair of a drawn partner (bridges and "
        "idle partners count every reach)",
    )
    bridges = BridgeSerializer(many=True, help_text="most communities served first")
    dependencies = DependencySerializer(many=True, help_text="most open units first")
    idle = IdleSerializer(
        many=True,
        help_text=f"most capacity first; the first {IDLE_ROWS} unless idle=all",
    )
    idle_total = serializers.IntegerField(help_text="how many partners are idle in all")


def network_payload(area: AreaNetwork, *, idle_rows: int | None = IDLE_ROWS) -> dict[str, Any]:
    """The response body of :class:`NetworkView` (no query): the first ``idle_rows``
    idle partners (all when ``None``)."""
    network = area.network
    partners = area.partners
    communities = area.community_names

    def named(code: str) -> str:
        return partners[code].name if code in partners else code

    nodes: list[dict[str, Any]] = [
        {
            "id": f"community:{c.code}",
            "kind": "community",
            "code": c.code,
            "name": c.name,
            "partner_kind": None,
            "x": network.layout[engine.community_key(c.code)].x,
            "y": network.layout[engine.community_key(c.code)].y,
        }
        for c in network.communities
    ]
    nodes += [
        {
            "id": f"partner:{p.code}",
            "kind": "partner",
            "code": p.code,
            "name": p.name,
            "partner_kind": p.kind,
            "x": network.layout[engine.partner_key(p.code)].x,
            "y": network.layout[engine.partner_key(p.code)].y,
        }
        for p in network.partners
        if engine.partner_key(p.code) in network.layout
    ]
    return {
        "scope": area.scope.code,
        "quarter": str(area.quarter),
        "quarters": [str(q) for q in area.quarters],
        "width": network.width,
        "height": network.height,
        "nodes": nodes,
        "edges": [
            {
                "partner": e.partner,
                "community": e.community,
                "projects": e.projects,
                "reaches": e.reaches,
            }
            for e in network.edges
        ],
        "bridges": [
            {
                "partner": b.partner,
                "partner_name": named(b.partner),
                "served": b.served,
                "reached": b.reached,
                "betweenness": b.betweenness,
            }
            for b in network.bridges
        ],
        "dependencies": [
            {
                "community": d.community,
                "community_name": communities.get(d.community, d.community),
                "category": d.category,
                "category_name": area.category_names.get(d.category, d.category),
                "partner": d.partner,
                "partner_name": named(d.partner),
                "need_units": d.need_units,
                "projects": d.projects,
            }
            for d in network.dependencies
        ],
        "idle": [
            {
                "partner": i.partner,
                "partner_name": named(i.partner),
                "capacity": i.capacity,
                "communities": list(i.communities),
            }
            for i in network.idle[:idle_rows]
        ],
        "idle_total": len(network.idle),
    }


class NetworkView(APIView):
    """The partner network of an area (合伙人网络) in a quarter: partners and communities
    as a drawing's nodes and edges, the partners bridging communities, the communities
    depending on a single partner for a category, and partners whose capacity nobody uses.
    For the administrators over the area; others answer 403."""

    @extend_schema(
        tags=["insights"],
        operation_id="insights_network",
        parameters=[NetworkQuerySerializer],
        responses={200: NetworkSerializer, 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        scope, quarter, query = area_and_quarter(request, NetworkQuerySerializer)
        area = partner_network(scope=scope, quarter=quarter, window=query["window"])
        # The payload already has the documented shape; passing it through the serializer
        # again would only copy it.
        return Response(network_payload(area, idle_rows=idle_limit(query.get("idle"))))
