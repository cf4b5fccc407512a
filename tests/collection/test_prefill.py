"""Prefilled figures equal a hand count of the registry for the period; a correction keeps both values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.collection import services
from opvangnet.collection.models import DataValue
from opvangnet.collection.prefill import Period, compute
from opvangnet.placement.models import PlacementRequest, Proposal
from opvangnet.regions.models import Region
from tests.builders import make_offer, make_request
from tests.collection.builders import make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Europe/Amsterdam")


def at(month: int, day: int, hour: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ZONE)


def snapshot(offer: Offer, when: datetime, free: int, occupied: int, waiting: int = 0) -> None:
    AvailabilitySnapshot.objects.create(
        offer=offer,
        recorded_at=when,
        free_places=free,
        occupied_places=occupied,
        waiting_list=waiting,
        source="web",
    )


def request(cast: Cast, when: datetime, region: Region | None = None, **needs: Any) -> PlacementRequest:
    coordinator = cast.alice if region is None else cast.bob
    placement = make_request(coordinator, **needs)
    PlacementRequest.objects.filter(pk=placement.pk).update(created_at=when)
    return placement


def decide(placement: PlacementRequest, offer: Offer, when: datetime, outcome: str, reason: str = "") -> None:
    Proposal.objects.create(
        request=placement,
        offer=offer,
        proposed_by=placement.coordinator,
        proposed_at=when,
        decided_at=when,
        outcome=outcome,
        reason=reason,
    )


@pytest.fixture
def registry(cast: Cast) -> dict[str, Offer]:
    """Amsterdam in the first quarter of 2026, small enough to count by hand (see the test's comments)."""
    crisis = make_offer(cast.secret_a, name="Crisis A", places=5)
    long_term = make_offer(cast.public_a, name="Langdurig A", care_type="long_term", places=10)
    never_reported = make_offer(cast.public_a, name="Nieuw A", places=4)  # created now: after the period
    inactive = make_offer(cast.public_a, name="Gesloten A", places=3, active=False)
    rotterdam = make_offer(cast.secret_b, name="Crisis B", places=8)
    snapshot(crisis, at(3, 10), free=2, occupied=3, waiting=1)
    snapshot(crisis, at(4, 5), free=0, occupied=5, waiting=4)  # after the reference day
    snapshot(long_term, at(2, 1), free=1, occupied=9, waiting=2)
    snapshot(inactive, at(2, 1), free=3, occupied=0)
    snapshot(rotterdam, at(2, 1), free=8, occupied=0, waiting=5)
    del never_reported

    r1 = request(cast, at(1, 5), exploitation=["sexual"], gender="woman", age=30)
    decide(r1, crisis, at(1, 6), "declined_by_provider", "full")
    decide(r1, crisis, at(1, 7), "placed")  # 48 hours after the request
    r2 = request(cast, at(2, 10), exploitation=["labour"], gender="man", age=19)
    decide(r2, crisis, at(2, 11), "declined_by_provider", "target_group")
    decide(r2, crisis, at(2, 12), "declined_by_client", "too_far")
    r3 = request(cast, at(3, 30), exploitation=["sexual"], gender="woman", age=16, care_type="long_term")
    decide(r3, long_term, at(4, 2), "placed")  # placed after the period: unplaced at its end
    r4 = request(cast, at(12, 31, year=2025), exploitation=["criminal"], gender="woman", age=40)
    decide(r4, long_term, at(1, 2), "declined_by_provider", "addiction")  # refusal in the period
    decide(r4, crisis, at(1, 3), "placed")  # request before the period: not counted
    r5 = request(cast, at(2, 2), region=cast.rijnmond, exploitation=["labour"], gender="man", age=33)
    decide(r5, rotterdam, at(2, 3), "declined_by_provider", "full")  # another region
    return {"crisis": crisis, "long_term": long_term}


def test_prefilled_figures_equal_a_hand_count_of_the_registry(cast: Cast, registry: dict[str, Offer]) -> None:
    period = Period(date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31))
    figures = compute([], cast.amsterdam, period)
    assert figures == {}
    d = Decimal
    expected = {
        # Offers reported on or before the reference day, active: Crisis A and Langdurig A.
        "offers_per_care_type": {
            "": d(2),
            "crisis": d(1),
            "long_term": d(1),
            "transitional": d(0),
            "ambulant": d(0),
        },
        "places_per_care_type": {
            "": d(15),
            "crisis": d(5),
            "long_term": d(10),
            "transitional": d(0),
            "ambulant": d(0),
        },
        # Last reports before the end of 31 March: 10 March (2 free) and 1 February (1 free).
        "free_places_on_reference_day": {
            "": d(3),
            "crisis": d(2),
            "long_term": d(1),
            "transitional": d(0),
            "ambulant": d(0),
        },
        "waiting_list_on_reference_day": {"": d(3)},
        "occupancy_on_reference_day": {"": d("80.0")},  # 12 of 15 beds
        # R1, R2, R3 (R4 was made in 2025, R5 in Rijnmond).
        "requests_by_exploitation": {
            "": d(3),
            "sexual": d(2),
            "labour": d(1),
            "criminal": d(0),
            "other": d(0),
        },
        "requests_by_gender": {"": d(3), "woman": d(2), "man": d(1), "non_binary": d(0)},
        "requests_by_age_group": {"": d(3), "minor": d(1), "young_adult": d(1), "adult": d(1)},
        # Only R1 was placed before the end of the period; R2 and R3 were not.
        "placements_per_care_type": {
            "": d(1),
            "crisis": d(1),
            "long_term": d(0),
            "transitional": d(0),
            "ambulant": d(0),
        },
        "unplaced_requests": {"": d(2)},
        "median_hours_to_placement": {"": d(48), "crisis": d(48)},
        # Decided in the period for Amsterdam's requests: R1 full, R2 target group, R4 addiction.
        "refusals_per_care_type": {
            "": d(3),
            "crisis": d(2),
            "long_term": d(1),
            "transitional": d(0),
            "ambulant": d(0),
        },
        "refusals_no_place": {"": d(1)},
        "refusals_target_group": {"": d(1)},
        "refusals_care_needs": {"": d(1)},
        "refusals_other_reason": {"": d(0)},
        "declined_by_client": {"": d(1)},
    }
    assert compute(expected, cast.amsterdam, period) == expected


def test_prefilled_beds_and_ambulant_places_are_never_added_up(
    cast: Cast, registry: dict[str, Offer]
) -> None:
    ambulant = make_offer(cast.public_a, name="Ambulant A", care_type="ambulant", places=40)
    snapshot(ambulant, at(2, 1), free=30, occupied=10)
    period = Period(date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31))
    d = Decimal
    figures = compute(
        [
            "beds_per_care_type",
            "ambulant_places",
            "free_beds_on_reference_day",
            "free_ambulant_places_on_reference_day",
            "occupancy_on_reference_day",
        ],
        cast.amsterdam,
        period,
    )
    assert figures["beds_per_care_type"] == {
        "": d(15),
        "crisis": d(5),
        "long_term": d(10),
        "transitional": d(0),
    }
    assert figures["ambulant_places"] == {"": d(40)}
    assert figures["free_beds_on_reference_day"] == {
        "": d(3),
        "crisis": d(2),
        "long_term": d(1),
        "transitional": d(0),
    }
    assert figures["free_ambulant_places_on_reference_day"] == {"": d(30)}
    assert figures["occupancy_on_reference_day"] == {"": d("80.0")}  # beds only: 12 of 15
    round_ = make_round(cast.nina, [cast.amsterdam], year=2026, number=1)
    submission = submission_of(round_, cast.amsterdam)
    services.start_submission(cast.alice, submission)
    values = {
        (v.question.code, v.breakdown): v.number
        for v in DataValue.objects.filter(submission=submission).select_related("question")
    }
    assert (values[("places", "")], values[("ambulant_places", "")]) == (15, 40)  # the form's places are beds
    assert ("places", "ambulant") not in values
    assert (values[("free_places", "")], values[("free_ambulant_places", "")]) == (3, 30)


def test_starting_a_form_fills_in_the_figures_and_marks_them_prefilled(
    cast: Cast, registry: dict[str, Offer]
) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam], year=2026, number=1)
    submission = submission_of(round_, cast.amsterdam)
    services.start_submission(cast.alice, submission)
    values = {
        (v.question.code, v.breakdown): v
        for v in DataValue.objects.filter(submission=submission).select_related("question")
    }
    assert values[("requests", "")].number == values[("requests", "")].prefilled == 3
    assert values[("places", "long_term")].number == 10
    assert values[("occupancy", "")].number == Decimal("80.00")
    assert values[("median_hours", "crisis")].number == 48
    assert ("median_hours", "long_term") not in values  # no placements: nothing to prefill
    assert ("missing", "") not in values  # not a figure Opvangnet holds
    assert all(v.source == "prefill" for v in values.values())


def test_a_correction_needs_an_explanation_and_keeps_both_values(
    cast: Cast, registry: dict[str, Offer]
) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam], year=2026, number=1)
    submission = submission_of(round_, cast.amsterdam)
    services.start_submission(cast.alice, submission)
    correction = [services.ValueInput("places", "", 16), services.ValueInput("places", "crisis", 6)]
    with pytest.raises(services.ValuesRejected) as rejected:
        services.save_submission_values(cast.alice, submission, correction)
    assert {(i.question, i.breakdown, i.target) for i in rejected.value.issues} == {
        ("places", "", "comment"),
        ("places", "crisis", "comment"),
    }
    explained = [
        services.ValueInput(
            "places", "", 16, "Een crisisbed van een nieuwe aanbieder ontbreekt in Opvangnet."
        ),
        services.ValueInput("places", "crisis", 6, "Idem."),
    ]
    services.save_submission_values(cast.alice, submission, explained)
    places = DataValue.objects.get(submission=submission, question__code="places", breakdown="")
    assert (places.number, places.prefilled, places.is_correction) == (16, 15, True)
    assert places.comment.startswith("Een crisisbed")

    services.refresh_prefill(cast.alice, submission)  # counting again keeps the correction
    places.refresh_from_db()
    assert (places.number, places.prefilled) == (16, 15)
