"""Placement over REST: stateless matching, and placement requests with their actions, scoped per role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from opvangnet.accounts import scoping
from opvangnet.accounts.http import AuthedApiRequest
from opvangnet.capacity.models import Offer
from opvangnet.core.api import NUMERIC_ID
from opvangnet.placement import engine, services
from opvangnet.placement.access import get_proposal_for_provider
from opvangnet.placement.models import (
    CancelReason,
    ClientDeclineReason,
    ExitDestination,
    PlacementRequest,
    Proposal,
    ProposalOutcome,
    ProviderDeclineReason,
    Urgency,
)
from opvangnet.regions.models import Region, SecurityLevel
from opvangnet.vocabulary import LANGUAGES, CareType, Exploitation, Gender, Need


def _call(action: Callable[[], Any]) -> None:
    """Run a service and answer its refusals as 403 or 400 with a readable message."""
    try:
        action()
    except DjangoPermissionDenied as denied:
        raise PermissionDenied(str(denied)) from denied
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise ValidationError(detail) from error


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    parameters=[OpenApiParameter("lang", str, enum=["nl", "en"])],
    description="Stateless matching, the same JSON in and out as `opvangnet match --input FILE --json`.",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def matches(request: Request) -> Response:
    lang = request.query_params.get("lang", "nl")
    try:
        result = engine.match_input(request.data, lang=lang)
    except engine.ContractError as error:
        return Response({"field": error.field, "detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(result.to_json())


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    class Meta:
        model = Proposal
        fields = [
            "id",
            "offer",
            "proposed_at",
            "outcome",
            "reason",
            "reason_text",
            "decided_at",
            "hold_until",
            "handover_note",
        ]
        read_only_fields = ["handover_note"]


class PlacementRequestSerializer(serializers.ModelSerializer[PlacementRequest]):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    exploitation = serializers.ListField(child=serializers.ChoiceField(Exploitation.choices), min_length=1)
    needs = serializers.ListField(child=serializers.ChoiceField(Need.choices), required=False, default=list)
    languages = serializers.ListField(
        child=serializers.ChoiceField(list(LANGUAGES)), required=False, default=list
    )
    avoid_regions = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    care_type = serializers.ChoiceField(CareType.choices)
    gender = serializers.ChoiceField(Gender.choices)
    with_children = serializers.IntegerField(min_value=0, max_value=12, default=0)  # as the intake form
    security = serializers.ChoiceField(SecurityLevel.choices, default=SecurityLevel.STANDARD)
    urgency = serializers.ChoiceField(Urgency.choices, default=Urgency.WEEK)
    # Null where the caller may not see where the request ended (a provider it was not placed with).
    exit_destination = serializers.ChoiceField(
        ExitDestination.choices, allow_blank=True, allow_null=True, read_only=True
    )
    placed_offer: serializers.PrimaryKeyRelatedField[Offer] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    intake_date = serializers.DateField(read_only=True, allow_null=True)
    exit_date = serializers.DateField(read_only=True, allow_null=True)
    proposals = ProposalSerializer(many=True, read_only=True)

    class Meta:
        model = PlacementRequest
        fields = [
            "id", "client_code", "region", "care_type", "exploitation", "gender", "age", "with_children",
            "needs", "languages", "security", "avoid_regions", "urgency", "priority", "status", "created_at",
            "placed_offer", "intake_date", "exit_date", "exit_destination", "proposals", "nationality_group",
            "b8_status", "reflection_period_end", "guardian", "guardian_organisation", "youth_care_involved",
            "youth_care_organisation",
        ]  # fmt: skip
        read_only_fields = [
            "client_code", "priority", "status", "created_at", "placed_offer", "intake_date", "exit_date",
            "exit_destination",
        ]  # fmt: skip

    def to_representation(self, instance: PlacementRequest) -> dict[str, Any]:
        data = super().to_representation(instance)
        # A provider sees where the person ended up only when it was with them (accounts/scoping.py).
        if not scoping.can_see_placement_outcome(self.context["request"].user, instance):
            for field in ("placed_offer", "intake_date", "exit_date", "exit_destination"):
                data[field] = None
        return data

    def validate_avoid_regions(self, value: list[str]) -> list[str]:
        unknown = set(value) - set(Region.objects.filter(code__in=value).values_list("code", flat=True))
        if unknown:
            raise serializers.ValidationError(f"unknown region(s): {', '.join(sorted(unknown))}")
        return value


class OfferChoice(serializers.Serializer[Any]):
    offer = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()
    reason_text = serializers.CharField(required=False, allow_blank=True, default="")


class IntakeSerializer(serializers.Serializer[Any]):
    intake_date = serializers.DateField()


class ExitSerializer(serializers.Serializer[Any]):
    exit_date = serializers.DateField()
    destination = serializers.ChoiceField(ExitDestination.choices)


class PlacementRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[PlacementRequest],
):
    """Placement requests in the user's scope. Coordinators create and act; providers see those proposed."""

    serializer_class = PlacementRequestSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = NUMERIC_ID

    def get_queryset(self) -> Any:
        visible = Proposal.objects.visible_to(self.request.user)
        return PlacementRequest.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("proposals", queryset=visible)
        )

    def _coordinating(self) -> None:
        if not self.request.user.has_perm("placement.request_placement"):
            raise PermissionDenied("Only coordinators handle placement requests.")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._coordinating()
        user = request.user
        if not user.is_authenticated:  # IsAuthenticated keeps anyone else out; this tells the type checker
            self.permission_denied(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        region = data.pop("region")
        created: list[PlacementRequest] = []
        _call(lambda: created.append(services.create_request(user, region, **data)))
        return Response(self.get_serializer(created[0]).data, status=status.HTTP_201_CREATED)

    def _act(
        self,
        action: Callable[[PlacementRequest, dict[str, Any]], Any],
        body: type[serializers.Serializer[Any]] | None = None,
        *,
        coordinating: bool = False,
    ) -> Response:
        """Run a service on a request: the role first (coordinators only, where `coordinating`), then the
        request (in scope, else 404), then its `body` (400 when invalid); answers with the request as it now
        stands."""
        if coordinating:
            self._coordinating()
        placement = self.get_object()
        data: dict[str, Any] = {}
        if body is not None:
            given = body(data=self.request.data)
            given.is_valid(raise_exception=True)
            data = dict(given.validated_data)
        _call(lambda: action(placement, data))
        placement.refresh_from_db()
        return Response(self.get_serializer(placement).data)

    @extend_schema(request=OfferChoice)
    @action(detail=True, methods=["post"])
    def propose(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        def propose(placement: PlacementRequest, body: dict[str, Any]) -> None:
            offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=body["offer"])
            services.propose(request.user, placement, offer)

        return self._act(propose, OfferChoice, coordinating=True)

    @extend_schema(
        request=ReasonSerializer, description=f"reason: one of {', '.join(ClientDeclineReason.values)}"
    )
    @action(detail=True, methods=["post"], url_path="declined-by-client")
    def declined_by_client(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._act(
            lambda placement, body: services.withdraw(
                request.user, placement, ProposalOutcome.DECLINED_BY_CLIENT, **body
            ),
            ReasonSerializer,
            coordinating=True,
        )

    @extend_schema(request=ReasonSerializer, description=f"reason: one of {', '.join(CancelReason.values)}")
    @action(detail=True, methods=["post"])
    def cancel(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._act(
            lambda placement, body: services.cancel_request(request.user, placement, **body),
            ReasonSerializer,
            coordinating=True,
        )

    @extend_schema(request=IntakeSerializer)
    @action(detail=True, methods=["post"])
    def intake(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._act(
            lambda placement, body: services.record_intake(request.user, placement, body["intake_date"]),
            IntakeSerializer,
        )

    @extend_schema(request=ExitSerializer)
    @action(detail=True, methods=["post"])
    def exit(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        return self._act(
            lambda placement, body: services.record_exit(
                request.user, placement, body["exit_date"], body["destination"]
            ),
            ExitSerializer,
        )


class ProviderProposalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Proposal]):
    """Proposals to the provider's own offers, to accept or decline."""

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = NUMERIC_ID

    def get_queryset(self) -> Any:
        return Proposal.objects.for_provider(self.request.user)

    def _proposal(self, pk: str | None) -> Proposal:
        if not self.request.user.has_perm("placement.answer_proposals"):
            raise PermissionDenied("Only providers answer proposals.")
        return get_proposal_for_provider(self.request.user, int(pk or 0))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        proposal = self._proposal(pk)
        _call(lambda: services.accept_proposal(request.user, proposal))
        proposal.refresh_from_db()
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(
        request=ReasonSerializer, description=f"reason: one of {', '.join(ProviderDeclineReason.values)}"
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: AuthedApiRequest, pk: str | None = None) -> Response:
        proposal = self._proposal(pk)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _call(lambda: services.decline_proposal(request.user, proposal, **body.validated_data))
        proposal.refresh_from_db()
        return Response(ProposalSerializer(proposal).data)
