from django.contrib import admin

from opvangnet.capacity.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin[Offer]):
    list_display = [
        "name",
        "location",
        "care_type",
        "places",
        "free_places",
        "availability_updated_at",
        "active",
    ]
    list_filter = ["care_type", "active", "security_level"]
    search_fields = ["name", "location__name", "location__organisation__name"]
    list_select_related = ["location__organisation"]
    autocomplete_fields = ["location"]
    readonly_fields = ["free_places", "occupied_places", "waiting_list", "availability_updated_at"]
