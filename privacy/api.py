"""The signed-in person's own data (PIPL): obtain it as JSON, or erase it."""

from __future__ import annotations

from django.contrib.auth import logout
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api import serializers as s
from partners.models import AuditEvent
from privacy import services
from privacy.selectors import personal_data_of


class MyDataView(APIView):
    """Everything Jinlin holds about you: account, roles, consents, the partners you
    belong to (contact details unmasked) and the requests you posted. Recorded in the
    audit trail."""

    @extend_schema(tags=["me"], responses={200: OpenApiTypes.OBJECT, **s.ERRORS_READ})
    def get(self, request: Request) -> Response:
        data = personal_data_of(request.user)
        services.audit_event_record(
            actor=request.user,
            action=AuditEvent.Action.ACCESS,
            what="本人数据查阅",
            personal_data=True,
        )
        return Response(data)


class EraseMyDataView(APIView):
    """Erase your personal data: the account is anonymised and signed out, the requests
    and projects stay without your name (see ``privacy.services.person_erase``)."""

    @extend_schema(tags=["me"], request=None, responses={204: None, **s.ERRORS_WRITE})
    def post(self, request: Request) -> Response:
        services.person_erase(actor=request.user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
