"""API for victim-status assessment. Same scoping and services as the pages: 401 without credentials, 403 for
a role without the permission, 404 for a row outside the user's scope (and for an id that is not a number).

- `applications/`: referrers submit on the person's behalf (with written consent) and follow "in_progress" or
  "completed"; the outcome only when the person consented to showing it to them.
- `cases/`: state and deadlines for the case manager and committee members.
- `ind-status/` and `ind-transmissions/`: for the IND, only what the person consented to.
No person data is ever returned except the identifiers in a transmission the person consented to.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from opvangnet.accounts.scoping import can_see_outcome
from opvangnet.core.api import NUMERIC_ID
from opvangnet.identification import services
from opvangnet.identification.access import APPLICATION_PERMISSIONS, CASE_PERMISSIONS
from opvangnet.identification.models import (
    AgeStatus,
    ApplicantKind,
    Application,
    Case,
    ConsentGiver,
    ConsentPurpose,
    IndTransmission,
    NationalityStatus,
    Opinion,
    OpinionKind,
    ReferrerKind,
    ReflectionPeriod,
    Urgency,
)
from opvangnet.vocabulary import Exploitation


def _requires_any(*permissions: str) -> type[BasePermission]:
    class HasAnyPermission(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            return any(request.user.has_perm(permission) for permission in permissions)

    return HasAnyPermission


class _Base:
    """Authentication, pagination and parsing are the project's (settings.REST_FRAMEWORK, core/api.py)."""

    lookup_value_regex = NUMERIC_ID


# --- applications ------------------------------------------------------------------------------------------


class OpinionSummarySerializer(serializers.ModelSerializer[Opinion]):
    class Meta:
        model = Opinion
        fields = ["kind", "outcome", "standard_of_proof", "issued_at"]


class ApplicationStatusSerializer(serializers.ModelSerializer[Application]):
    """What a referrer may follow: in progress or completed; the outcome only with the person's consent."""

    status = serializers.CharField(source="public_status", read_only=True)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "received_at",
            "applicant_kind",
            "referrer_kind",
            "exploitation_types",
            "urgency",
            "status",
            "outcome",
        ]

    def get_outcome(self, application: Application) -> dict[str, Any] | None:
        case = application.case_or_none()
        request = self.context.get("request")
        if case is None or request is None or not can_see_outcome(request.user, application):
            return None
        opinion = case.latest_opinion(OpinionKind.FINAL)
        return dict(OpinionSummarySerializer(opinion).data) if opinion else None


class ApplicationCreateSerializer(serializers.Serializer[Any]):
    applicant_kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.REFERRER)
    referrer_kind = serializers.ChoiceField(choices=ReferrerKind.choices)
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Exploitation.choices), max_length=10
    )
    nationality_status = serializers.ChoiceField(choices=NationalityStatus.choices)
    age_status = serializers.ChoiceField(choices=AgeStatus.choices)
    consent_given_on = serializers.DateField()
    consent_given_by = serializers.ChoiceField(choices=ConsentGiver.choices, default=ConsentGiver.PERSON)
    consent_document = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    other_consents = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentPurpose.choices),
        required=False,
        default=list,
        max_length=10,
    )
    medical_authorisation_on = serializers.DateField(required=False, allow_null=True, default=None)
    dublin = serializers.BooleanField(default=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    interpreter_language = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")
    guardian_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    guardian_organisation = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    name = serializers.CharField(max_length=200, write_only=True)
    date_of_birth = serializers.DateField(write_only=True, required=False, allow_null=True)
    nationality = serializers.CharField(max_length=100, write_only=True, required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, write_only=True, required=False, allow_blank=True)
    contact = serializers.CharField(max_length=300, write_only=True, required=False, allow_blank=True)
    v_number = serializers.CharField(max_length=20, write_only=True, required=False, allow_blank=True)

    PERSON_FIELDS = ("name", "date_of_birth", "nationality", "languages", "contact", "v_number")

    def inputs(self) -> tuple[services.ApplicationInput, services.PersonInput]:
        data = dict(self.validated_data)
        person = {k: data.pop(k) for k in self.PERSON_FIELDS if k in data}
        born = person.pop("date_of_birth", None)
        guardian = (data.pop("guardian_name"), data.pop("guardian_organisation"))
        representatives = [services.RepresentativeInput("guardian", *guardian)] if guardian[0] else []
        return (
            services.ApplicationInput(representatives=representatives, **data),
            services.PersonInput(date_of_birth=born.isoformat() if born else "", **person),
        )


class ApplicationViewSet(
    _Base,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Application],
):
    """Applications the user may see, with their status; POST submits one on the person's behalf
    (`identification.submit_application`, with the person's written consent)."""

    permission_classes = [IsAuthenticated, _requires_any(*APPLICATION_PERMISSIONS)]

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [IsAuthenticated(), _requires_any("identification.submit_application")()]
        return super().get_permissions()

    def get_serializer_class(self) -> Any:
        return ApplicationCreateSerializer if self.action == "create" else ApplicationStatusSerializer

    def get_queryset(self) -> Any:
        return Application.objects.visible_to(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            application = services.submit_application(request.user, *serializer.inputs())  # type: ignore[arg-type]
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error
        body = ApplicationStatusSerializer(application, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


# --- cases -------------------------------------------------------------------------------------------------


class CaseStatusSerializer(serializers.ModelSerializer[Case]):
    reference = serializers.CharField(read_only=True)
    opinions = OpinionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "state", "opened_at", "opinion_due", "due_at", "closed_at", "opinions"]


class CaseViewSet(_Base, viewsets.ReadOnlyModelViewSet[Case]):
    """State and deadlines of the cases the user works on (case manager, committee members)."""

    serializer_class = CaseStatusSerializer
    permission_classes = [IsAuthenticated, _requires_any(*CASE_PERMISSIONS)]

    def get_queryset(self) -> Any:
        return Case.objects.visible_to(self.request.user).with_opinions()


# --- the IND -----------------------------------------------------------------------------------------------


class ReflectionPeriodSerializer(serializers.ModelSerializer[ReflectionPeriod]):
    class Meta:
        model = ReflectionPeriod
        fields = ["granted_by", "starts_on", "ends_on"]


class IndStatusSerializer(serializers.ModelSerializer[Application]):
    status = serializers.CharField(source="ind_status", read_only=True)
    reflection_periods = ReflectionPeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = ["id", "reference", "received_at", "status", "reflection_periods"]


class IndStatusViewSet(_Base, viewsets.ReadOnlyModelViewSet[Application]):
    """For the IND: running assessments of people the B8/3 regulation covers who consented to it."""

    serializer_class = IndStatusSerializer
    permission_classes = [IsAuthenticated, _requires_any("identification.view_ind_status")]

    def get_queryset(self) -> Any:
        return Application.objects.for_ind(self.request.user).prefetch_related("reflection_periods")


class IndTransmissionSerializer(serializers.ModelSerializer[IndTransmission]):
    reference = serializers.CharField(source="case.application.reference")
    outcome = serializers.CharField(source="opinion.outcome")

    class Meta:
        model = IndTransmission
        fields = [
            "id",
            "reference",
            "outcome",
            "sent_at",
            "includes_reasons",
            "includes_identifiers",
            "record_sha256",
        ]


class IndTransmissionViewSet(_Base, viewsets.ReadOnlyModelViewSet[IndTransmission]):
    """Opinions sent to the IND with the person's consent. The detail carries the structured record as sent
    (its reading is audited); `pdf/` the report made from it."""

    serializer_class = IndTransmissionSerializer
    permission_classes = [IsAuthenticated, _requires_any("identification.view_ind_status")]

    def get_queryset(self) -> Any:
        return IndTransmission.objects.visible_to(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        transmission = self.get_object()
        body = dict(self.get_serializer(transmission).data)
        body["record"] = services.read_ind_record(request.user, transmission)  # type: ignore[arg-type]
        return Response(body)

    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        transmission = self.get_object()
        content = services.read_ind_record(request.user, transmission)  # type: ignore[arg-type]
        response = HttpResponse(services.ind_report_pdf(content), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{content["reference"]}-ind.pdf"'
        return response
