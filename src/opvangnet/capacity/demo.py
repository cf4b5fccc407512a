"""Synthetic offers and two years of availability history, shaped like Dutch reality.

Most shelter is for women and sexual exploitation; there is little for men, for minors and for people with an
addiction. On top of the regular shelter sit the national categorical crisis places (COSM: three locations for
non-Dutch victims in the reflection period, plus beds for labour exploitation) and the places for victims with
multiple problems (OMM, 36 places in six cities). Names are invented; the numbers follow the research notes.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from django.utils import timezone

from opvangnet.capacity.models import AvailabilitySnapshot, AvailabilitySource, Offer
from opvangnet.core import counters
from opvangnet.regions.demo import CATEGORICAL_PROVIDERS, postal_code
from opvangnet.regions.models import Location, Municipality, Organisation, OrganisationKind, SecurityLevel
from opvangnet.vocabulary import AdmissionRoute, CareType

HISTORY_DAYS = 730
DAILY_DAYS = 30  # daily snapshots for the last month, weekly before that

# (municipality CBS code, name, places, extra settings) for the categorical places.
COSM = [
    ("GM0363", "COSM Amsterdam", 20, {"accepts_woman": True}),
    ("GM0599", "COSM Rotterdam", 20, {"accepts_woman": True}),
    ("GM1701", "COSM Noord", 16, {"accepts_woman": True}),
    (
        "GM0363",
        "COSM arbeidsuitbuiting mannen",
        8,
        {"accepts_man": True, "accepts_woman": False, "accepts_non_binary": False, "serves_sexual": False},
    ),
]
OMM_CITIES = ["GM0363", "GM0034", "GM0361", "GM0153", "GM0599", "GM0193"]
MEN_SHELTER_CITIES = ["GM0363", "GM0599", "GM0344", "GM0518", "GM0772", "GM0014"]


def _base(location: Location, name: str, care_type: str, places: int, rng: random.Random) -> Offer:
    return Offer(
        location=location,
        name=name,
        care_type=care_type,
        serves_sexual=True,
        serves_labour=rng.random() < 0.45,
        serves_criminal=rng.random() < 0.3,
        serves_other=rng.random() < 0.1,
        accepts_woman=True,
        accepts_non_binary=rng.random() < 0.25,
        min_age=18,
        max_age=120,
        children_allowed=care_type != CareType.AMBULANT and rng.random() < 0.3,
        supports_addiction=rng.random() < 0.08,
        supports_psychiatric=rng.random() < 0.15,
        supports_intellectual_disability=rng.random() < 0.15,
        supports_physical_disability=rng.random() < 0.1,
        supports_pregnancy=rng.random() < 0.25,
        supports_no_residence_status=rng.random() < 0.5,
        languages=",".join(
            ["nl", "en", *rng.sample(["ro", "bg", "pl", "hu", "pcm", "es", "ar", "uk"], rng.randint(0, 2))]
        ),
        security_level=location.security_level,
        places=places,
        admission_criteria="Aanmelding via de zorgcoördinator of CoMensha. Intake binnen 24 uur.",
        contact_phone=f"0{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
    )


def _sensible(offer: Offer) -> Offer:
    """Target groups that go together: only shelter that takes women supports pregnancy, and nobody brings
    children along to ambulant help."""
    if not offer.accepts_woman:
        offer.supports_pregnancy = False
    if offer.care_type == CareType.AMBULANT:
        offer.children_allowed = False
    return offer


def _regular_offers(rng: random.Random) -> list[Offer]:
    offers = []
    for location in Location.objects.filter(organisation__kind=OrganisationKind.PROVIDER).select_related(
        "municipality"
    ):
        kind = location.name.split(" ")[0]
        if kind == "Crisisopvang":
            offer = _base(
                location,
                f"Crisisopvang {location.municipality.name}",
                CareType.CRISIS,
                rng.randint(3, 10),
                rng,
            )
            offers.append(offer)
            if rng.random() < 0.12:  # a few shelters take minors, almost never
                young = _base(location, "Crisisopvang jongeren", CareType.CRISIS, rng.randint(2, 5), rng)
                young.min_age, young.max_age, young.children_allowed = 12, 23, False
                offers.append(young)
        elif kind == "Woonvoorziening":
            offers.append(_base(location, "Langdurige opvang", CareType.LONG_TERM, rng.randint(6, 20), rng))
        elif kind == "Doorstroomhuis":
            offers.append(
                _base(location, "Doorstroomwoningen", CareType.TRANSITIONAL, rng.randint(4, 12), rng)
            )
        else:
            offer = _base(
                location, "Ambulante hulp en traumabehandeling", CareType.AMBULANT, rng.randint(15, 40), rng
            )
            offer.accepts_man = rng.random() < 0.6
            offer.serves_labour = offer.serves_criminal = True
            offers.append(offer)
    return offers


def _special_locations(rng: random.Random) -> list[Offer]:
    by_code = {
        m.cbs_code: m
        for m in Municipality.objects.filter(
            cbs_code__in=[c for c, *_ in COSM] + OMM_CITIES + MEN_SHELTER_CITIES
        )
    }
    # Created with the other organisations (regions.demo), so that their staff have logins.
    national, omm, men = (
        Organisation.objects.get(name=CATEGORICAL_PROVIDERS[key][0])
        for key in ("cosm", "omm", "mannenopvang")
    )
    offers = []

    def location(organisation: Organisation, code: str, name: str, secret: bool = True) -> Location:
        municipality = by_code.get(code) or Municipality.objects.order_by("cbs_code").first()
        assert municipality is not None
        return Location.objects.create(
            organisation=organisation,
            name=name,
            municipality=municipality,
            secret_address=secret,
            address=f"Demostraat {rng.randint(1, 99)}",
            postal_code=postal_code(rng, municipality.cbs_code),
            security_level=SecurityLevel.HIGH,
        )

    for code, name, places, settings in COSM:
        offer = _base(location(national, code, name), name, CareType.CRISIS, places, rng)
        offer.serves_labour = offer.serves_criminal = True
        offer.supports_no_residence_status = True
        offer.admission_criteria = (
            "Niet-Nederlandse slachtoffers in de bedenktijd (B8/3). Plaatsing uitsluitend via CoMensha."
        )
        offer.admission_route = AdmissionRoute.B8_PROCEDURE
        for field, value in settings.items():
            setattr(offer, field, value)
        offers.append(offer)
    for code in OMM_CITIES:
        place = location(omm, code, f"OMM {by_code[code].name if code in by_code else code}")
        offer = _base(place, "Opvang mensenhandel met multiproblematiek", CareType.LONG_TERM, 6, rng)
        offer.supports_addiction = offer.supports_psychiatric = offer.supports_intellectual_disability = True
        offer.accepts_man = rng.random() < 0.5
        offers.append(offer)
    for code in MEN_SHELTER_CITIES:
        place = location(men, code, f"Mannenopvang {by_code[code].name if code in by_code else code}")
        offer = _base(place, "Opvang mannen", CareType.CRISIS, rng.randint(2, 5), rng)
        offer.accepts_woman, offer.accepts_man, offer.serves_labour, offer.serves_criminal = (
            False,
            True,
            True,
            True,
        )
        offer.children_allowed = False
        offers.append(offer)
    return offers


def _history(offer: Offer, rng: random.Random, now: datetime) -> list[AvailabilitySnapshot]:
    """A bounded random walk of occupancy with a winter peak; crisis shelter runs nearly full."""
    targets: dict[str, float] = {CareType.CRISIS: 0.9, CareType.LONG_TERM: 0.85, CareType.TRANSITIONAL: 0.75}
    target = targets.get(offer.care_type, 0.7)
    occupied = round(offer.places * target)
    snapshots = []
    day = HISTORY_DAYS
    while day >= 0:
        moment = now - timedelta(days=day, hours=rng.randint(0, 10))
        season = 0.05 * math.cos(2 * math.pi * (moment.timetuple().tm_yday - 15) / 365)
        pull = round(offer.places * (target + season)) - occupied
        occupied = max(
            0,
            min(
                offer.places,
                occupied + rng.choice((-1, 0, 0, 1)) + (1 if pull > 1 else -1 if pull < -1 else 0),
            ),
        )
        free = offer.places - occupied
        # Waiting lists are set from the placement waiting list once requests exist (placement.demo).
        waiting = 0
        snapshots.append(
            AvailabilitySnapshot(
                offer=offer,
                recorded_at=moment,
                free_places=free,
                occupied_places=occupied,
                waiting_list=waiting,
                source=AvailabilitySource.DEMO,
            )
        )
        day -= 1 if day <= DAILY_DAYS else 7
    # About a quarter of the offers have not been updated for a day or more: they show as not current.
    if rng.random() < 0.25:
        shift = timedelta(days=rng.randint(1, 6))
        for snapshot in snapshots:
            snapshot.recorded_at -= shift
    return snapshots


def seed_offers(rng: random.Random) -> int:
    """Create offers for every provider location plus the categorical places, with two years of history."""
    offers = Offer.objects.bulk_create(
        [_sensible(offer) for offer in _regular_offers(rng) + _special_locations(rng)]
    )
    now = timezone.now()
    snapshots: list[AvailabilitySnapshot] = []
    for offer in offers:
        history = _history(offer, rng, now)
        latest = history[-1]
        offer.free_places, offer.occupied_places = latest.free_places, latest.occupied_places
        offer.waiting_list, offer.availability_updated_at = latest.waiting_list, latest.recorded_at
        snapshots += history
    Offer.objects.bulk_update(
        offers, ["free_places", "occupied_places", "waiting_list", "availability_updated_at"]
    )
    AvailabilitySnapshot.objects.bulk_create(snapshots, batch_size=5000)
    counters.bump(counters.OFFERS, counters.AVAILABILITY)
    return len(offers)
