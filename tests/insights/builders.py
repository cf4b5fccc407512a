"""A small, hand-countable registry for the national picture's tests (see test_figures.py for the counts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome, RequestStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast


def at(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))  # type: ignore[arg-type]


def request_at(
    coordinator: Any, created: datetime, *, fitting: int | None = 1, **needs: Any
) -> PlacementRequest:
    placement = make_request(coordinator, **needs)
    PlacementRequest.objects.filter(pk=placement.pk).update(
        created_at=created, fitting_free_at_intake=fitting
    )
    placement.refresh_from_db()
    return placement


def place(placement: PlacementRequest, offer: Offer, accepted: datetime) -> None:
    Proposal.objects.create(
        request=placement,
        offer=offer,
        proposed_by=placement.coordinator,
        proposed_at=accepted,
        outcome=ProposalOutcome.PLACED,
        decided_at=accepted,
    )
    PlacementRequest.objects.filter(pk=placement.pk).update(
        status=RequestStatus.PLACED, placed_offer=offer, intake_date=accepted.date()
    )


def refuse(placement: PlacementRequest, offer: Offer, decided: datetime, reason: str) -> None:
    Proposal.objects.create(
        request=placement,
        offer=offer,
        proposed_by=placement.coordinator,
        proposed_at=decided,
        outcome=ProposalOutcome.DECLINED_BY_PROVIDER,
        reason=reason,
        decided_at=decided,
    )


def build_picture(cast: Cast) -> dict[str, Any]:
    """January 2026: R1 (Amsterdam, crisis, woman 30) placed after 5 h; R2 (Amsterdam, crisis, man 40,
    addiction) refused once for addiction and unmet; R3 (Rijnmond, long-term, girl 17) placed after 72 h.
    April 2026: R4 (Rijnmond, crisis, woman 25, criminal) placed in Amsterdam after 10 h; R5 (Amsterdam,
    crisis, man 20) waiting, with fitting places free when registered.
    Offer A (crisis, Amsterdam, 5 places): 2 free from 1 January 00:00, none from 16 January 12:00."""
    offer_a = make_offer(cast.secret_a, name="Crisis A")
    offer_b = make_offer(
        cast.secret_b, name="Lang B", care_type="long_term", places=8, free_places=1, occupied_places=7
    )
    AvailabilitySnapshot.objects.filter(offer__in=[offer_a, offer_b]).delete()
    for moment, free in ((at(2026, 1, 1), 2), (at(2026, 1, 16, 12), 0)):
        AvailabilitySnapshot.objects.create(
            offer=offer_a,
            recorded_at=moment,
            free_places=free,
            occupied_places=5 - free,
            waiting_list=0,
            source="web",
        )
    r1 = request_at(cast.alice, at(2026, 1, 10, 10), gender="woman", age=30)
    place(r1, offer_a, at(2026, 1, 10, 15))
    r2 = request_at(
        cast.alice,
        at(2026, 1, 11, 9),
        fitting=0,
        gender="man",
        age=40,
        exploitation=["labour"],
        needs=["addiction"],
    )
    refuse(r2, offer_a, at(2026, 1, 11, 12), "addiction")
    r3 = request_at(cast.bob, at(2026, 1, 20, 8), care_type="long_term", gender="woman", age=17)
    place(r3, offer_b, at(2026, 1, 23, 8))
    r4 = request_at(cast.bob, at(2026, 4, 2, 8), gender="woman", age=25, exploitation=["criminal"])
    place(r4, offer_a, at(2026, 4, 2, 18))
    r5 = request_at(cast.alice, at(2026, 4, 3, 8), fitting=2, gender="man", age=20, exploitation=["labour"])
    return {"offer_a": offer_a, "offer_b": offer_b, "requests": [r1, r2, r3, r4, r5]}
