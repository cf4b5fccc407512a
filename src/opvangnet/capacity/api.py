"""Offers and availability over REST; every queryset through `Offer.objects.visible_to(user)`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from opvangnet.capacity.access import get_offer_for_user
from opvangnet.capacity.models import AvailabilitySnapshot, AvailabilitySource, Offer
from opvangnet.capacity.queries import OverviewFilter
from opvangnet.capacity.services import MAX_COUNT, Availability, record_availability
from opvangnet.core.api import NUMERIC_ID
from opvangnet.vocabulary import CareType, Exploitation, Gender, Need


class OfferLocationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField()
    municipality = serializers.CharField(source="municipality.name")
    region = serializers.CharField(source="municipality.region.code")
    secret_address = serializers.BooleanField()
    address = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_address(self, location: Any) -> str | None:
        """Null when this user may not see the address (secret, or a role without addresses)."""
        return location.address_for(self.context["request"].user)


class OfferSerializer(serializers.ModelSerializer[Offer]):
    location = OfferLocationSerializer(read_only=True)
    exploitation = serializers.ListField(
        child=serializers.ChoiceField(Exploitation.choices), source="exploitation_types"
    )
    genders = serializers.ListField(child=serializers.ChoiceField(Gender.choices))
    needs_supported = serializers.ListField(child=serializers.ChoiceField(Need.choices))
    languages = serializers.ListField(child=serializers.CharField(), source="language_codes")
    children = serializers.BooleanField(source="children_allowed")
    security = serializers.CharField(source="security_level")
    is_stale = serializers.BooleanField()

    class Meta:
        model = Offer
        fields = [
            "id", "name", "care_type", "exploitation", "genders", "min_age", "max_age", "children",
            "needs_supported", "languages", "security", "places", "free_places", "occupied_places",
            "waiting_list", "availability_updated_at", "is_stale", "active", "admission_criteria",
            "admission_route", "location",
        ]  # fmt: skip
        read_only_fields = fields


class AvailabilitySerializer(serializers.Serializer[Any]):
    free_places = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    occupied_places = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    waiting_list = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)


class SnapshotSerializer(serializers.ModelSerializer[AvailabilitySnapshot]):
    class Meta:
        model = AvailabilitySnapshot
        fields = ["recorded_at", "free_places", "occupied_places", "waiting_list", "source"]


class AvailabilityStateSerializer(serializers.Serializer[Any]):
    offer = serializers.IntegerField()
    free_places = serializers.IntegerField()
    occupied_places = serializers.IntegerField()
    waiting_list = serializers.IntegerField()
    availability_updated_at = serializers.DateTimeField(allow_null=True)
    is_stale = serializers.BooleanField()
    history = SnapshotSerializer(many=True)


def _state(offer: Offer, history_size: int = 100) -> dict[str, Any]:
    return {
        "offer": offer.pk,
        "free_places": offer.free_places,
        "occupied_places": offer.occupied_places,
        "waiting_list": offer.waiting_list,
        "availability_updated_at": offer.availability_updated_at,
        "is_stale": offer.is_stale(),
        "history": SnapshotSerializer(offer.snapshots.all()[:history_size], many=True).data,
    }


FILTER_PARAMETERS = [
    OpenApiParameter("region", str, description="care region code, e.g. VO04"),
    OpenApiParameter("care_type", str, enum=CareType.values),
    OpenApiParameter("exploitation", str, enum=Exploitation.values),
    OpenApiParameter("gender", str, enum=Gender.values),
    OpenApiParameter("age", int),
    OpenApiParameter("need", str, enum=Need.values, many=True, description="repeat for several needs"),
    OpenApiParameter("free", OpenApiTypes.BOOL, description="only offers with free places"),
]


@extend_schema(parameters=FILTER_PARAMETERS)
class OfferViewSet(viewsets.ReadOnlyModelViewSet[Offer]):
    """Active offers with their live availability, filtered like the overview page."""

    serializer_class = OfferSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = NUMERIC_ID

    def get_queryset(self) -> Any:
        offers = Offer.objects.visible_to(self.request.user)
        if self.action != "list":
            return offers
        form = OverviewFilter(self.request.query_params)
        if not form.is_valid():
            raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        return form.apply(offers.active())

    @extend_schema(responses=AvailabilityStateSerializer)
    @action(detail=True, methods=["get"], url_path="availability", permission_classes=[AllowAny])
    def availability(self, request: Request, pk: str | None = None) -> Response:
        offer = get_offer_for_user(request.user, int(pk or 0))
        return Response(_state(offer))

    @extend_schema(request=AvailabilitySerializer, responses=AvailabilityStateSerializer)
    @availability.mapping.put
    def put_availability(self, request: Request, pk: str | None = None) -> Response:
        if not request.user.is_authenticated:
            self.permission_denied(request)
        self.check_permissions(request)
        offer = get_offer_for_user(request.user, int(pk or 0), write=True)
        serializer = AvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record_availability(
                request.user, offer, Availability(**serializer.validated_data), source=AvailabilitySource.API
            )
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from denied
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(_state(offer), status=status.HTTP_200_OK)

    def get_permissions(self) -> Any:
        if self.request.method == "PUT":
            return [IsAuthenticated()]
        return super().get_permissions()
