from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from opvangnet.accounts import scoping
from opvangnet.regions.models import ContactPerson, Location, Municipality, Organisation, PoliceUnit, Region


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin[PoliceUnit]):
    list_display = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name", "central_municipality_code", "coordination_phone"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["cbs_code", "name", "region", "police_unit"]
    list_filter = ["region", "police_unit"]
    search_fields = ["cbs_code", "name"]
    list_select_related = ["region", "police_unit"]


class ContactPersonInline(admin.TabularInline[ContactPerson, Organisation]):
    model = ContactPerson
    extra = 1
    fields = ["name", "role", "phone", "email", "notify"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    inlines = [ContactPersonInline]
    list_display = ["name", "kind", "municipality", "phone_24_7", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ["name", "organisation", "municipality", "secret_address", "security_level", "active"]
    list_filter = ["secret_address", "security_level", "active"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "municipality"]
    autocomplete_fields = ["organisation", "municipality"]

    def get_exclude(self, request: HttpRequest, obj: Location | None = None) -> Any:
        # The administrator maintains locations but never sees or edits a secret address.
        if obj is not None and obj.secret_address and not scoping.can_see_address(request.user, obj):
            return ["address", "postal_code"]
        return super().get_exclude(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Location | None = None) -> Any:
        # Whether an address is secret changes only through the audited service (regions/services.py), by the
        # location's organisation or the national coordination centre, with a reason.
        if obj is not None:
            return ["secret_address"]
        return super().get_readonly_fields(request, obj)
