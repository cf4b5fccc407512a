"""API for referrals and case status. Same scoping and services as the pages: 401 without credentials, 403 for
a role without the permission, 404 for a row outside the user's scope. No person data is ever returned."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from opvangnet.identification import services
from opvangnet.identification.access import CASE_PERMISSIONS, REFERRAL_PERMISSIONS
from opvangnet.identification.models import (
    Case,
    ConsentBasis,
    Decision,
    IndNotification,
    Referral,
    ReferrerKind,
    Urgency,
)
from opvangnet.vocabulary import Exploitation


def _requires_any(*permissions: str) -> type[BasePermission]:
    class HasAnyPermission(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            return any(request.user.has_perm(permission) for permission in permissions)

    return HasAnyPermission


class DecisionSummarySerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["stage", "outcome", "decided_at"]


class ReferralStatusSerializer(serializers.ModelSerializer[Referral]):
    """What a referrer may follow: the status of the referral, never the person data or the reasons."""

    status = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "referred_at",
            "referrer_kind",
            "exploitation_types",
            "urgency",
            "b83_applicable",
            "status",
            "decisions",
        ]

    def get_status(self, referral: Referral) -> str:
        case = referral.case_or_none()
        return case.state if case else "referred"

    @staticmethod
    def _decisions(referral: Referral) -> list[Decision]:
        case = referral.case_or_none()
        return list(case.decisions.order_by("decided_at", "pk")) if case else []

    def get_decisions(self, referral: Referral) -> list[dict[str, Any]]:
        return list(DecisionSummarySerializer(self._decisions(referral), many=True).data)


class ReferralCreateSerializer(serializers.Serializer[Any]):
    referrer_kind = serializers.ChoiceField(choices=ReferrerKind.choices)
    exploitation_types = serializers.ListField(child=serializers.ChoiceField(choices=Exploitation.choices))
    consent_basis = serializers.ChoiceField(choices=ConsentBasis.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    b83_applicable = serializers.BooleanField(default=False)
    dublin = serializers.BooleanField(default=False)
    minor = serializers.BooleanField(default=False)
    reflection_started_on = serializers.DateField(required=False, allow_null=True)
    consent_purpose = serializers.CharField(required=False, allow_blank=True, default="")
    consent_recipients = serializers.CharField(required=False, allow_blank=True, default="")
    consent_given_on = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    name = serializers.CharField(write_only=True)
    date_of_birth = serializers.DateField(write_only=True, required=False, allow_null=True)
    nationality = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    languages = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    contact = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    identity_documents = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")


# Token first, so that a request without credentials gets 401 with a WWW-Authenticate header.
AUTHENTICATION: list[type[BaseAuthentication]] = [TokenAuthentication, SessionAuthentication]


class ReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Referral],
):
    """Referrals the user may see, with their status; POST records a referral (`identification.refer`)."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, _requires_any(*REFERRAL_PERMISSIONS)]

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [IsAuthenticated(), _requires_any("identification.refer")()]
        return super().get_permissions()

    def get_serializer_class(self) -> Any:
        return ReferralCreateSerializer if self.action == "create" else ReferralStatusSerializer

    def get_queryset(self) -> Any:
        return Referral.objects.visible_to(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = {k: data.pop(k) for k in list(data) if k in services.PersonInput.__dataclass_fields__}
        born = person.pop("date_of_birth", None)
        try:
            referral = services.refer(
                request.user,
                services.ReferralInput(**data),
                services.PersonInput(date_of_birth=born.isoformat() if born else "", **person),
            )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error
        return Response(ReferralStatusSerializer(referral).data, status=status.HTTP_201_CREATED)


class CaseStatusSerializer(serializers.ModelSerializer[Case]):
    reference = serializers.CharField(read_only=True)
    decisions = DecisionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "state",
            "opened_at",
            "first_decision_due",
            "reflection_start",
            "reflection_end",
            "final_decision_due",
            "closed_at",
            "decisions",
        ]


class CaseViewSet(viewsets.ReadOnlyModelViewSet[Case]):
    """Status and deadlines of the cases the user works on (case manager, assessors)."""

    serializer_class = CaseStatusSerializer
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, _requires_any(*CASE_PERMISSIONS)]

    def get_queryset(self) -> Any:
        return Case.objects.visible_to(self.request.user)


class IndOutcomeSerializer(serializers.ModelSerializer[IndNotification]):
    reference = serializers.CharField(source="case.referral.reference")
    stage = serializers.CharField(source="decision.stage")
    outcome = serializers.CharField(source="decision.outcome")
    decided_at = serializers.DateTimeField(source="decision.decided_at")
    reflection_start = serializers.DateField(source="case.reflection_start")
    reflection_end = serializers.DateField(source="case.reflection_end")

    class Meta:
        model = IndNotification
        fields = [
            "id",
            "reference",
            "stage",
            "outcome",
            "decided_at",
            "reflection_start",
            "reflection_end",
            "sent_at",
        ]


class IndOutcomeViewSet(viewsets.ReadOnlyModelViewSet[IndNotification]):
    """For the IND: outcome and dates of decisions in B8/3 cases, nothing else."""

    serializer_class = IndOutcomeSerializer
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, _requires_any("identification.view_ind_outcomes")]

    def get_queryset(self) -> Any:
        return IndNotification.objects.visible_to(self.request.user)
