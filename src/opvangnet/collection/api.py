"""Data collection over REST: rounds, region forms and contributions to read, and data value sets to read and
write, one JSON document per form as in DHIS2's `dataValueSets`. Everything through the same access helpers
and services as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from opvangnet.collection import services
from opvangnet.collection.access import (
    CONTRIBUTE,
    FILL,
    MANAGE,
    get_contribution_for_user,
    get_submission_for_user,
)
from opvangnet.collection.models import Contribution, DataValue, Round, Submission, ValueSource
from opvangnet.collection.queries import stored_values
from opvangnet.collection.validation import Issue, ValueInput


class TakesPartInCollection(BasePermission):
    """403 for roles without a part in data collection (after 401 for anonymous callers)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        permissions = getattr(view, "collection_permissions", (MANAGE, FILL, CONTRIBUTE))
        return any(request.user.has_perm(permission) for permission in permissions)


class RoundSerializer(serializers.ModelSerializer[Round]):
    form = serializers.CharField(source="form_version.form.code")
    form_version = serializers.IntegerField(source="form_version.number")
    period = serializers.CharField(source="period_label")

    class Meta:
        model = Round
        fields = ["id", "form", "form_version", "period", "period_kind", "period_start", "period_end",
                  "reference_date", "deadline"]  # fmt: skip
        read_only_fields = fields


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Submission
        fields = ["id", "round", "region", "status", "first_submitted_at", "submitted_at", "approved_at",
                  "warnings"]  # fmt: skip
        read_only_fields = fields


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    section = serializers.CharField(source="section.code")
    region = serializers.CharField(source="submission.region.code")
    round = serializers.IntegerField(source="submission.round_id")
    party = serializers.CharField(source="party_name")

    class Meta:
        model = Contribution
        fields = ["id", "submission", "round", "region", "section", "municipality", "organisation", "party",
                  "status", "submitted_at"]  # fmt: skip
        read_only_fields = fields


class RoundViewSet(viewsets.ReadOnlyModelViewSet[Round]):
    """Rounds the caller takes part in (the national coordination centre: all)."""

    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated, TakesPartInCollection]
    collection_permissions = (MANAGE, FILL)

    def get_queryset(self) -> Any:
        return Round.objects.visible_to(self.request.user).order_by("-period_start", "-pk")


class SubmissionViewSet(viewsets.ReadOnlyModelViewSet[Submission]):
    """Region forms: the own region's for a coordinator, all for the national coordination centre."""

    serializer_class = SubmissionSerializer
    permission_classes = [IsAuthenticated, TakesPartInCollection]
    collection_permissions = (MANAGE, FILL)

    def get_queryset(self) -> Any:
        submissions = Submission.objects.visible_to(self.request.user).order_by(
            "-round__period_start", "region__code"
        )
        round_id = self.request.query_params.get("round")
        return submissions.filter(round_id=round_id) if round_id and round_id.isdigit() else submissions


class ContributionViewSet(viewsets.ReadOnlyModelViewSet[Contribution]):
    """Contributions: a contributor's own, a coordinator's region's; all for the national coordination."""

    serializer_class = ContributionSerializer
    permission_classes = [IsAuthenticated, TakesPartInCollection]

    def get_queryset(self) -> Any:
        return Contribution.objects.visible_to(self.request.user).order_by(
            "-submission__round__period_start", "pk"
        )


# --- data value sets ---------------------------------------------------------------------------------------


class DataValueInSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=60)
    breakdown = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True, default=""
    )
    value = serializers.JSONField(allow_null=True)
    comment = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, allow_null=True, default=None
    )

    def validate_value(self, value: Any) -> Any:
        if (value is not None and not isinstance(value, str | int | float)) or isinstance(value, bool):
            raise serializers.ValidationError("A value is a number, a text or null.")
        return value


class DataValueSetInSerializer(serializers.Serializer[Any]):
    submission = serializers.IntegerField(required=False, help_text="the region form's id")
    round = serializers.IntegerField(required=False, help_text="with region, instead of submission")
    region = serializers.CharField(required=False, help_text="region code, e.g. VO04")
    contribution = serializers.IntegerField(required=False, help_text="a contributor's own contribution")
    completed = serializers.BooleanField(default=False, help_text="true: submit the form after saving")
    dataValues = DataValueInSerializer(many=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        targets = [
            "submission" in attrs,
            "contribution" in attrs,
            "round" in attrs and "region" in attrs,
        ]
        if sum(targets) != 1:
            raise serializers.ValidationError(
                "Name one target: submission, contribution, or round with region."
            )
        return attrs


class DataValueOutSerializer(serializers.Serializer[Any]):
    question = serializers.CharField()
    breakdown = serializers.CharField(allow_blank=True)
    value = serializers.JSONField(allow_null=True)
    prefilledValue = serializers.JSONField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    updatedAt = serializers.DateTimeField()


class DataValueSetOutSerializer(serializers.Serializer[Any]):
    submission = serializers.IntegerField()
    contribution = serializers.IntegerField(allow_null=True)
    round = serializers.IntegerField()
    region = serializers.CharField()
    period = serializers.CharField()
    status = serializers.CharField()
    dataValues = DataValueOutSerializer(many=True)


class ImportSummarySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["success", "error"])
    importCount = serializers.DictField(child=serializers.IntegerField())
    conflicts = serializers.ListField(child=serializers.DictField())
    warnings = serializers.ListField(child=serializers.DictField())
    formStatus = serializers.CharField()


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _out(value: DataValue) -> dict[str, Any]:
    return {
        "question": value.question.code,
        "breakdown": value.breakdown,
        "value": _number(value.number) if value.number is not None else (value.text or None),
        "prefilledValue": _number(value.prefilled),
        "comment": value.comment,
        "updatedAt": value.updated_at,
    }


def _issue(issue: Issue) -> dict[str, Any]:
    return {
        "question": issue.question,
        "breakdown": issue.breakdown,
        "field": issue.target,
        "level": issue.level,
        "message": issue.message,
        "explained": issue.explained,
    }


TARGET_PARAMETERS = [
    OpenApiParameter("submission", int, description="the region form's id"),
    OpenApiParameter("round", int, description="with region, instead of submission"),
    OpenApiParameter("region", str, description="region code, e.g. VO04"),
    OpenApiParameter("contribution", int, description="a contribution's id"),
]


class DataValueSetView(APIView):
    """One form's answers as one document. GET reads them; POST saves the given values (only those: a value
    not named stays as it is), all or nothing, and with `completed: true` submits the form. Errors answer 400
    with every conflict and write nothing."""

    permission_classes = [IsAuthenticated, TakesPartInCollection]

    def _target(self, params: Any, *, write: bool) -> tuple[Submission, Contribution | None]:
        user = self.request.user
        if params.get("contribution") not in (None, ""):
            contribution = get_contribution_for_user(user, _id(params["contribution"]), write=write)
            return contribution.submission, contribution
        if params.get("submission") not in (None, ""):
            return get_submission_for_user(user, _id(params["submission"]), write=write), None
        if params.get("round") not in (None, "") and params.get("region"):
            match = Submission.objects.filter(
                round_id=_id(params["round"]), region__code=params["region"]
            ).first()
            if match is None:
                raise Http404("No such region form.")
            return get_submission_for_user(user, match.pk, write=write), None
        raise ValidationError(
            {"submission": ["Name one target: submission, contribution, or round with region."]}
        )

    @extend_schema(parameters=TARGET_PARAMETERS, responses=DataValueSetOutSerializer)
    def get(self, request: Request) -> Response:
        submission, contribution = self._target(request.query_params, write=False)
        values = stored_values(submission, contribution).order_by(
            "question__section__position", "question__position", "breakdown"
        )
        return Response(
            {
                "submission": submission.pk,
                "contribution": contribution.pk if contribution else None,
                "round": submission.round_id,
                "region": submission.region.code,
                "period": submission.round.period_label,
                "status": (contribution or submission).status,
                "dataValues": [_out(value) for value in values],
            }
        )

    @extend_schema(
        request=DataValueSetInSerializer,
        responses={
            200: ImportSummarySerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="An import summary with every conflict, or, for a malformed document, the fields "
                "that are wrong.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = DataValueSetInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        submission, contribution = self._target(data, write=True)
        inputs = [
            ValueInput(item["question"], item.get("breakdown") or "", item.get("value"), item.get("comment"))
            for item in data["dataValues"]
        ]
        user: Any = request.user
        try:
            if contribution is not None and data["completed"]:
                result = services.submit_contribution(user, contribution, inputs, source=ValueSource.API)
            elif contribution is not None:
                result = services.save_contribution_values(user, contribution, inputs, source=ValueSource.API)
            elif data["completed"]:
                result = services.submit_submission(user, submission, inputs, source=ValueSource.API)
            else:
                result = services.save_submission_values(user, submission, inputs, source=ValueSource.API)
        except services.ValuesRejected as rejected:
            return Response(
                {
                    "status": "error",
                    "importCount": {"imported": 0, "updated": 0, "unchanged": 0},
                    "conflicts": [_issue(issue) for issue in rejected.issues],
                    "warnings": [],
                    "formStatus": (contribution or submission).status,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        except DjangoValidationError as error:
            raise ValidationError({"status": error.messages}) from error
        target: Any = contribution or submission
        target.refresh_from_db()
        return Response(
            {
                "status": "success",
                "importCount": {
                    "imported": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
                "conflicts": [],
                "warnings": [_issue(issue) for issue in result.issues],
                "formStatus": target.status,
            }
        )


def _id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404("No such form.") from error
