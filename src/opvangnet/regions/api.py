"""Read-only API over the reference data; every queryset goes through `visible_to(user)`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from opvangnet.core.api import NUMERIC_ID
from opvangnet.regions.models import Location, Municipality, Organisation, Region


class RegionSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name", "central_municipality_code", "longitude", "latitude"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="cbs_code", read_only=True
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "municipality", "email", "phone", "website", "active"]


class LocationSerializer(serializers.ModelSerializer[Location]):
    organisation: serializers.PrimaryKeyRelatedField[Organisation] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="cbs_code", read_only=True
    )
    region = serializers.CharField(source="municipality.region.code", read_only=True)
    address = serializers.SerializerMethodField()

    class Meta:
        model = Location
        fields = [
            "id",
            "organisation",
            "name",
            "municipality",
            "region",
            "address",
            "secret_address",
            "security_level",
            "active",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_address(self, location: Location) -> str | None:
        """The address, or null when this user may not see it (secret, or a role without addresses)."""
        return location.address_for(self.context["request"].user)


class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return Region.objects.visible_to(self.request.user)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    serializer_class = OrganisationSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = NUMERIC_ID

    def get_queryset(self) -> Any:
        return Organisation.objects.visible_to(self.request.user).select_related("municipality")


class LocationViewSet(viewsets.ReadOnlyModelViewSet[Location]):
    serializer_class = LocationSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = NUMERIC_ID

    def get_queryset(self) -> Any:
        queryset = Location.objects.visible_to(self.request.user)
        region = self.request.query_params.get("region")
        return queryset.filter(municipality__region__code=region) if region else queryset
