"""`GET /api/v1/picture?period=2026-Q3&by=region,care_type`: the national picture's rows, as the caller may
see them (suppressed for aggregate-only roles, exact for the national coordination centre)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from opvangnet.core.periods import PeriodError, default_period, parse_period
from opvangnet.insights.publish import BreakdownError, picture


def parse_by(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


@extend_schema(
    parameters=[
        OpenApiParameter("period", OpenApiTypes.STR, description="2025, 2025-Q3, 2025-07 or a range A..B"),
        OpenApiParameter(
            "by",
            OpenApiTypes.STR,
            description="comma-separated: region, police_unit, exploitation, care_type, gender, age_group, "
            "need",
        ),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def picture_view(request: Request) -> Response:
    """The national picture for a whole period and a breakdown, in the shape of `opvangnet picture --json`."""
    user = request.user
    if not user.has_perm("insights.view_picture"):
        raise PermissionDenied("You may not see the national picture.")
    try:
        period = (
            parse_period(request.query_params["period"])
            if "period" in request.query_params
            else default_period()
        )
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from error
    suppressed = not user.has_perm("insights.view_exact_figures")
    try:
        return Response(picture(period, parse_by(request.query_params.get("by", "")), suppressed=suppressed))
    except BreakdownError as error:
        raise ValidationError({"by": str(error)}) from error
