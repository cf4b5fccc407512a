"""Changes of state for offers and their availability. Pages, API and import all call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts import scoping
from opvangnet.audit.services import record
from opvangnet.capacity.models import MAX_COUNT, AvailabilitySnapshot, AvailabilitySource, Offer
from opvangnet.core import counters

if TYPE_CHECKING:
    from opvangnet.accounts.models import User


@dataclass(frozen=True)
class Availability:
    free_places: int
    occupied_places: int
    waiting_list: int


def validate_availability(offer: Offer, availability: Availability) -> None:
    """Refuse negative numbers and more free plus occupied places than the offer has (when it has a limit)."""
    errors: dict[str, list[str]] = {}
    for field in ("free_places", "occupied_places", "waiting_list"):
        if getattr(availability, field) < 0:
            errors.setdefault(field, []).append(_("Must be zero or more."))
        elif getattr(availability, field) > MAX_COUNT:
            errors.setdefault(field, []).append(_("Must be at most %(max)s.") % {"max": MAX_COUNT})
    if offer.places and availability.free_places + availability.occupied_places > offer.places:
        errors.setdefault("free_places", []).append(
            _("Free plus occupied places (%(total)s) exceed the %(places)s places of this offer.")
            % {"total": availability.free_places + availability.occupied_places, "places": offer.places}
        )
    if errors:
        raise ValidationError(errors)


def record_availability(
    user: User, offer: Offer, availability: Availability, *, source: str = AvailabilitySource.WEB
) -> AvailabilitySnapshot:
    """Store a new availability report for an offer and make it the offer's current availability.

    Raises PermissionDenied when the user may not change this offer and ValidationError on impossible numbers.
    Locks the offer row so two reports at the same moment apply one after the other. Writes an audit entry.
    """
    with transaction.atomic():
        locked = (
            Offer.objects.select_for_update(of=("self",), no_key=True)
            .select_related("location")
            .get(pk=offer.pk)
        )
        if not scoping.can_edit_offer(user, locked):
            raise PermissionDenied(_("You may not change this offer."))
        validate_availability(locked, availability)
        now = timezone.now()
        snapshot = AvailabilitySnapshot.objects.create(
            offer=locked,
            recorded_at=now,
            recorded_by=user,
            free_places=availability.free_places,
            occupied_places=availability.occupied_places,
            waiting_list=availability.waiting_list,
            source=source,
        )
        Offer.objects.filter(pk=locked.pk).update(
            free_places=availability.free_places,
            occupied_places=availability.occupied_places,
            waiting_list=availability.waiting_list,
            availability_updated_at=now,
        )
        counters.bump(counters.AVAILABILITY)
        record(
            user,
            "capacity.availability_recorded",
            locked,
            details={
                "free_places": availability.free_places,
                "occupied_places": availability.occupied_places,
                "waiting_list": availability.waiting_list,
                "source": source,
            },
        )
    offer.refresh_from_db()
    return snapshot


def save_offer(user: User, offer: Offer) -> Offer:
    """Create or update an offer after full validation. The user must be allowed to edit at its location."""
    with transaction.atomic():
        if offer.pk is not None:
            Offer.objects.select_for_update(of=("self",), no_key=True).filter(pk=offer.pk).first()
        if not scoping.can_edit_offer(user, offer):
            raise PermissionDenied(_("You may not change offers of this organisation."))
        offer.full_clean()
        created = offer.pk is None
        offer.save()
        counters.bump(counters.OFFERS)
        record(user, "capacity.offer_created" if created else "capacity.offer_changed", offer)
    return offer
