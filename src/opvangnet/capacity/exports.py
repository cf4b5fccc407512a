"""Rows of the overview for CSV, XLSX and print: the address column obeys the viewer's address rights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.capacity.models import Offer
from opvangnet.core import exports
from opvangnet.vocabulary import CareType

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


def columns() -> list[tuple[str, str]]:
    return [
        ("region", _("Region")),
        ("organisation", _("Organisation")),
        ("location", _("Location")),
        ("municipality", _("Municipality")),
        ("address", _("Address")),
        ("offer", _("Offer")),
        ("care_type", _("Care type")),
        ("exploitation", _("Exploitation")),
        ("genders", _("Genders")),
        ("ages", _("Ages")),
        ("children", _("Children can come along")),
        ("needs", _("Needs supported")),
        ("languages", _("Languages")),
        # Beds and ambulant places are never the same unit: a spreadsheet sums them only per kind.
        ("place_kind", _("Kind of place")),
        ("places", _("Places")),
        ("free_places", _("Free places")),
        ("occupied_places", _("Occupied places")),
        ("waiting_list", _("Waiting list")),
        ("updated", _("Availability updated")),
        ("current", _("Current")),
    ]


def offer_row(offer: Offer, viewer: Viewer) -> dict[str, Any]:
    location = offer.location
    address = location.address_for(viewer)
    updated = offer.availability_updated_at
    return {
        "region": location.municipality.region.name,
        "organisation": location.organisation.name,
        "location": location.name,
        "municipality": location.municipality.name,
        "address": address if address else (_("secret address") if location.secret_address else ""),
        "offer": offer.name,
        "care_type": str(CareType(offer.care_type).label),
        "exploitation": ", ".join(offer.exploitation_labels()),
        "genders": ", ".join(offer.gender_labels()),
        "ages": f"{offer.min_age}–{offer.max_age}",
        "children": _("yes") if offer.children_allowed else _("no"),
        "needs": ", ".join(offer.need_labels()),
        "languages": ", ".join(offer.language_codes()),
        "place_kind": _("bed") if offer.is_bed_based else _("ambulant place"),
        "places": offer.places,
        "free_places": offer.free_places,
        "occupied_places": offer.occupied_places,
        "waiting_list": offer.waiting_list,
        "updated": timezone.localtime(updated).strftime("%Y-%m-%d %H:%M") if updated else "",
        "current": _("no") if offer.is_stale() else _("yes"),
    }


def to_csv(offers: Iterable[Offer], viewer: Viewer) -> str:
    return exports.csv_table(columns(), (offer_row(offer, viewer) for offer in offers))


def to_xlsx(offers: Iterable[Offer], viewer: Viewer) -> bytes:
    rows = (offer_row(offer, viewer) for offer in offers)
    return exports.xlsx_table(_("Offers"), columns(), rows, max_width=40)
