"""The matching endpoint: ranked offerings for one need, with their reasons."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.api.serializers import MatchQuerySerializer, NeedMatchesSerializer
from matching.engine.types import Ranking
from matching.presenters import points, reasons_payload
from matching.selectors import matches_for, telling_apart
from needs.selectors import needs_visible_to
from partners.api.serializers import ERRORS_READ, ErrorSerializer
from partners.models import Category, Offering


def ranking_payload(ranking: Ranking, *, explain: bool) -> dict[str, Any]:
    """The response body for a ranking: codes completed with titles and names (two
    queries whatever the number of matches)."""
    codes = {m.offering for m in ranking.matches} | {e.offering for e in ranking.excluded}
    offerings = list(
        Offering.objects.filter(code__in=codes)
        .select_related("partner")
        .prefetch_related("area_communities")
    )
    names = {o.code: (o.title, o.partner.name) for o in offerings}
    matched = {m.offering for m in ranking.matches}
    apart = telling_apart([o for o in offerings if o.code in matched])
    categories = {
        c.code: c for c in Category.objects.filter(code__in=[g.code for g in ranking.categories])
    }
    body: dict[str, Any] = {
        "need": ranking.need,
        "categories": [
            {
                "code": g.code,
                "name_zh": categories[g.code].name_zh if g.code in categories else g.code,
                "name_en": categories[g.code].name_en if g.code in categories else g.code,
                "probability": g.probability,
            }
            for g in ranking.categories
        ],
        "matches": [
            {
                "offering": m.offering,
                "partner": m.partner,
                "offering_title": names.get(m.offering, ("", ""))[0],
                "partner_name": names.get(m.offering, ("", ""))[1],
                "score": m.score,
                "points": points(m.score),
                "distinguished_by": apart.get(m.offering, []),
                "reasons": reasons_payload(m.reasons),
            }
            for m in ranking.matches
        ],
        "weak": ranking.weak,
    }
    if explain:
        body["excluded"] = [
            {
                "offering": e.offering,
                "partner": e.partner,
                "offering_title": names.get(e.offering, ("", ""))[0],
                "partner_name": names.get(e.offering, ("", ""))[1],
                "code": e.code,
                "text_zh": e.text_zh,
                "text_en": e.text_en,
            }
            for e in ranking.excluded
        ]
    return body


class NeedMatchesView(APIView):
    """The offerings that best serve a need, best first, each with the reasons for its
    score; with ``explain=1`` also the notable offerings left out and the rule each
    breaks. Needs outside one's scope answer 404; a need one sees but does not
    administer answers 403 (``matching.see_matches``)."""

    @extend_schema(
        tags=["matching"],
        operation_id="needs_matches",
        parameters=[
            MatchQuerySerializer,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="need code"),
        ],
        responses={200: NeedMatchesSerializer, 400: ErrorSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, code: str) -> Response:
        query = MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        need = get_object_or_404(
            needs_visible_to(request.user).select_related("community").prefetch_related("tags"),
            code=code,
        )
        if not request.user.has_perm("matching.see_matches", need):
            raise PermissionDenied
        explain = bool(query.validated_data["explain"])
        ranking = matches_for(need=need, limit=query.validated_data["limit"], explain=explain)
        # The payload already has the documented shape; passing it through the serializer
        # again would only copy it.
        return Response(ranking_payload(ranking, explain=explain))
