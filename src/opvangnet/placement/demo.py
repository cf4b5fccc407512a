"""Two years of synthetic placement requests with proposals, refusals, placements and exits.

Shaped by the research notes (docs/decisions.md, "The demo's picture"): about seven in ten are women; sexual
exploitation is the largest group, then labour and criminal exploitation; more requests in winter. Unmet
demand (no fitting place free anywhere at intake) is about one request in seven at scale 10 (one in five at
scale 1, which has fewer offers), concentrated where the notes report shortages: men (few men's shelters),
minors and people with an addiction or psychiatric problems, more so in the winter peak. Refusals hit the
same groups. Most people are placed in their own region; when it is full, in a region of the same police
unit, and only then further away (regions leaning on their neighbours). Crisis stays last weeks to three
months, long-term stays months. A handful of recent requests are still waiting, some with a proposal in a
provider's inbox.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.utils import timezone

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.placement.models import (
    URGENCY_PRIORITY,
    WAITING_STATUSES,
    ClientDeclineReason,
    ExitDestination,
    Notice,
    NoticeKind,
    PlacementRequest,
    Proposal,
    ProposalOutcome,
    ProviderDeclineReason,
    RequestStatus,
)
from opvangnet.regions.models import Region
from opvangnet.vocabulary import B8Status, CareType, Guardian, NationalityGroup

REQUESTS_PER_YEAR = 360
STAY_DAYS: dict[str, tuple[int, int]] = {
    CareType.CRISIS: (14, 100),
    CareType.LONG_TERM: (90, 420),
    CareType.TRANSITIONAL: (120, 365),
    CareType.AMBULANT: (30, 240),
}


def _needs(rng: random.Random, gender: str) -> list[str]:
    chances = {
        "addiction": 0.08,
        "psychiatric": 0.12,
        "intellectual_disability": 0.07,
        "physical_disability": 0.03,
        "pregnancy": 0.06 if gender == "woman" else 0.0,
        "no_residence_status": 0.3,
    }
    return [need for need, chance in chances.items() if rng.random() < chance]


def _route(placement: PlacementRequest, rng: random.Random, now: datetime) -> None:
    """Nationality group and B8/3 status (about a third of non-Dutch people in the procedure, some in the
    reflection period of three months), and for minors the guardian and youth care."""
    group = rng.choices(list(NationalityGroup.values), [25, 35, 35, 5])[0]
    placement.nationality_group = group
    if group != NationalityGroup.DUTCH and rng.random() < 0.35:
        placement.b8_status = rng.choice([B8Status.REFLECTION, B8Status.APPLIED, B8Status.GRANTED])
        if placement.b8_status == B8Status.REFLECTION:
            start = max(placement.created_at, now - timedelta(days=80))
            placement.reflection_period_end = (start + timedelta(days=90)).date()
    if placement.age < 18:
        placement.guardian = Guardian.NIDOS if group != NationalityGroup.DUTCH else Guardian.PARENTS
        placement.youth_care_involved = rng.random() < 0.6
        if placement.youth_care_involved:
            placement.youth_care_organisation = "Jeugdzorg regio (demo)"


def _fits(offer: Offer, gender: str, age: int, needs: list[str], exploitation: str) -> bool:
    return (
        gender in offer.genders()
        and offer.min_age <= age <= offer.max_age
        and exploitation in offer.exploitation_types()
        and set(needs) <= set(offer.needs_supported())
    )


def _refusal_reason(offer: Offer, gender: str, age: int, needs: list[str], rng: random.Random) -> str:
    missing = set(needs) - set(offer.needs_supported())
    if gender not in offer.genders() or not offer.min_age <= age <= offer.max_age:
        return ProviderDeclineReason.TARGET_GROUP
    for need in ("addiction", "psychiatric", "intellectual_disability"):
        if need in missing:
            return need
    return rng.choice(
        [ProviderDeclineReason.FULL] * 5 + [ProviderDeclineReason.SAFETY, ProviderDeclineReason.LANGUAGE]
    )


def seed_placements(rng: random.Random, scale: int = 1) -> int:
    """Create requests over the last two years; returns how many. Bulk inserts, a few seconds."""
    regions = list(Region.objects.order_by("code"))
    coordinators = {u.region_id: u for u in User.objects.filter(role=Role.COORDINATOR).order_by("username")}
    providers_by_org: dict[int, User] = {
        u.organisation_id or 0: u for u in User.objects.filter(role=Role.PROVIDER).order_by("username")
    }
    offers = list(Offer.objects.active().select_related("location__municipality"))
    police_of_region = _police_of_region()
    by_care: dict[str, list[Offer]] = defaultdict(list)
    for offer in offers:
        by_care[offer.care_type].append(offer)
    now = timezone.now()
    weights = [
        3 if r.central_municipality_code in ("GM0363", "GM0599", "GM0518", "GM0344") else 1 for r in regions
    ]
    counters: dict[str, int] = defaultdict(int)
    requests: list[PlacementRequest] = []
    proposal_plans: list[list[dict[str, object]]] = []
    total = REQUESTS_PER_YEAR * 2 * scale
    route_rng = random.Random(16)  # its own stream: the rest of the demo stays as it was
    for created in _request_moments(rng, now, total):
        region = rng.choices(regions, weights)[0]
        gender = "woman" if rng.random() < 0.7 else ("man" if rng.random() < 0.95 else "non_binary")
        exploitation = rng.choices(["sexual", "labour", "criminal", "other"], [45, 35, 15, 5])[0]
        if gender == "man" and exploitation == "sexual" and rng.random() < 0.6:
            exploitation = "labour"
        age = rng.choice([rng.randint(14, 17)] * 1 + [rng.randint(18, 23)] * 2 + [rng.randint(24, 55)] * 7)
        needs = _needs(rng, gender)
        care_type = rng.choices(
            [CareType.CRISIS, CareType.LONG_TERM, CareType.TRANSITIONAL, CareType.AMBULANT],
            # Minors go to (youth) crisis shelter or help at home; men ask mostly for crisis places and help.
            [90, 5, 0, 5] if age < 18 else ([45, 12, 5, 38] if gender != "woman" else [50, 20, 10, 20]),
        )[0]
        urgency = (
            "today"
            if care_type == CareType.CRISIS and rng.random() < 0.7
            else rng.choice(["week", "planned"])
        )
        key = f"{region.code}-{created.year}-"
        counters[key] += 1
        coordinator = coordinators.get(region.pk) or next(iter(coordinators.values()))
        placement = PlacementRequest(
            client_code=f"{key}{counters[key]:04d}",
            region=region,
            coordinator=coordinator,
            care_type=care_type,
            exploitation=[exploitation],
            gender=gender,
            age=age,
            with_children=1 if rng.random() < 0.1 else 0,
            needs=needs,
            languages=rng.sample(["en", "ro", "bg", "pl", "pcm", "es", "ar", "nl"], 1),
            urgency=urgency,
            priority=URGENCY_PRIORITY[urgency],
            created_at=created,
        )
        _route(placement, route_rng, now)
        plan = _plan(placement, by_care[care_type], rng, now, providers_by_org, police_of_region)
        requests.append(placement)
        proposal_plans.append(plan)
    PlacementRequest.objects.bulk_create(requests)
    _link_follow_ups(requests, rng)
    proposals = []
    for placement, plan in zip(requests, proposal_plans, strict=True):
        for step in plan:
            proposals.append(Proposal(request=placement, proposed_by=placement.coordinator, **step))
    Proposal.objects.bulk_create(proposals)
    _fill_demo_inbox(rng, now)
    sync_waiting_lists()
    return len(requests)


def sync_waiting_lists() -> None:
    """Set every offer's waiting list (and its latest availability report) to the rule of the demo
    (docs/decisions.md, "Providers' waiting lists in the demo"): the requests still waiting for a place that
    have a live proposal (pending or accepted) to that offer. So the providers' waiting lists add up to at
    most the placement waiting list."""
    live = Counter(
        Proposal.objects.filter(
            outcome__in=[ProposalOutcome.PENDING, ProposalOutcome.ACCEPTED],
            request__status__in=WAITING_STATUSES,
        ).values_list("offer_id", flat=True)
    )
    offers = list(Offer.objects.all())
    for offer in offers:
        offer.waiting_list = live.get(offer.pk, 0)
    Offer.objects.bulk_update(offers, ["waiting_list"], batch_size=1000)
    for offer_id, count in live.items():
        latest = AvailabilitySnapshot.objects.filter(offer_id=offer_id).order_by("-recorded_at").first()
        if latest is not None:
            AvailabilitySnapshot.objects.filter(pk=latest.pk).update(waiting_list=count)


def _police_of_region() -> dict[int, int | None]:
    """Each care region's police unit (that of most of its municipalities), for placing people nearby."""
    from opvangnet.regions.models import Municipality

    votes: dict[int, Counter[int]] = defaultdict(Counter)
    for region_id, unit_id in Municipality.objects.values_list("region_id", "police_unit_id"):
        if unit_id is not None:
            votes[region_id][unit_id] += 1
    return {region: counts.most_common(1)[0][0] for region, counts in votes.items()}


def _season(moment: datetime) -> float:
    """1.3 in mid-January, 0.7 in mid-July: the winter peak of requests, and of full shelters."""
    return 1 + 0.3 * math.cos(2 * math.pi * (moment.timetuple().tm_yday - 15) / 365)


def _nearby(
    fitting: list[Offer],
    placement: PlacementRequest,
    rng: random.Random,
    police_of_region: dict[int, int | None],
) -> Offer:
    """Own region first, then a region of the same police unit, then anywhere."""
    own = [o for o in fitting if o.location.municipality.region_id == placement.region_id]
    if own and rng.random() < 0.75:
        return rng.choice(own)
    unit = police_of_region.get(placement.region_id)
    near = [o for o in fitting if unit is not None and o.location.municipality.police_unit_id == unit]
    if near and rng.random() < 0.8:
        return rng.choice(near)
    return rng.choice(fitting)


def _request_moments(rng: random.Random, now: datetime, total: int) -> list[datetime]:
    """Registration moments over two years with a winter peak (about a third more in January than in July)."""
    moments: list[datetime] = []
    while len(moments) < total:
        moment = now - timedelta(days=rng.uniform(0, 730))
        if rng.random() * 1.3 < _season(moment):
            moments.append(moment)
    return sorted(moments)


def _link_follow_ups(requests: list[PlacementRequest], rng: random.Random) -> None:
    """Make paths: a long-term or transitional request often follows a crisis or long-term stay that ended by
    moving on, in the same region; now and then someone who left comes back within two years."""
    moved_on: dict[tuple[str, int], list[PlacementRequest]] = defaultdict(list)
    left: list[PlacementRequest] = []
    earlier: dict[str, str] = {CareType.LONG_TERM: CareType.CRISIS, CareType.TRANSITIONAL: CareType.LONG_TERM}
    linked = []
    for placement in requests:
        step = earlier.get(placement.care_type)
        pool = moved_on.get((step, placement.region_id), []) if step else []
        candidates = [p for p in pool if p.closed_at and p.closed_at < placement.created_at]
        if candidates and rng.random() < 0.7:
            previous = candidates[0]
            pool.remove(previous)
            placement.previous_request = previous
            linked.append(placement)
        elif placement.care_type == CareType.CRISIS and left and rng.random() < 0.06:
            previous = left.pop(rng.randrange(len(left)))
            if previous.closed_at and timedelta(0) < placement.created_at - previous.closed_at < timedelta(
                days=730
            ):
                placement.previous_request = previous
                linked.append(placement)
        if placement.status == RequestStatus.LEFT and placement.placed_offer is not None:
            if placement.exit_destination == ExitDestination.MOVED_ON:
                moved_on[(placement.placed_offer.care_type, placement.region_id)].append(placement)
            else:
                left.append(placement)
    PlacementRequest.objects.bulk_update(linked, ["previous_request"], batch_size=1000)


def _fill_demo_inbox(rng: random.Random, now: datetime) -> None:
    """The demo coordinator's morning: a crisis request marked "today" that has waited 15 days (overdue),
    proposed a day ago to the demo provider's crisis shelter, and two fresh requests proposed to the demo
    provider's other offers."""
    coordinator = User.objects.filter(username="zorgcoordinator").first()
    provider = User.objects.filter(username="aanbieder").first()
    if coordinator is None or provider is None or coordinator.region is None:
        return
    own = list(Offer.objects.active().filter(location__organisation=provider.organisation))
    crisis = [offer for offer in own if offer.care_type == CareType.CRISIS]
    others = [offer for offer in own if offer.care_type != CareType.CRISIS]
    plans = [(offer, timedelta(days=15), timedelta(days=1)) for offer in crisis[:1]]
    plans += [
        (offer, timedelta(hours=2 + number), timedelta(hours=1 + number))
        for number, offer in enumerate((others or crisis[1:])[:2])
    ]
    for number, (offer, waited, proposed) in enumerate(plans):
        code = f"{coordinator.region.code}-{now.year}-9{number + 1:03d}"
        placement = PlacementRequest.objects.create(
            client_code=code,
            region=coordinator.region,
            coordinator=coordinator,
            care_type=offer.care_type,
            exploitation=offer.exploitation_types()[:1],
            gender=offer.genders()[0],
            age=rng.randint(max(19, offer.min_age), max(19, min(40, offer.max_age))),
            languages=["en"],
            urgency="today",
            priority=URGENCY_PRIORITY["today"],
            status=RequestStatus.PROPOSED,
            created_at=now - waited,
        )
        proposal = Proposal.objects.create(
            request=placement,
            offer=offer,
            proposed_by=coordinator,
            proposed_at=now - proposed,
        )
        # The provider was told in the app (the demo sends no mail).
        Notice.objects.create(
            recipient=provider,
            proposal=proposal,
            kind=NoticeKind.PROPOSED,
            urgent=True,
            created_at=proposal.proposed_at,
        )


def _plan(
    placement: PlacementRequest,
    offers: list[Offer],
    rng: random.Random,
    now: datetime,
    providers: dict[int, User],
    police_of_region: dict[int, int | None],
) -> list[dict[str, object]]:
    """Decide in advance what happened to a request: refusals, then a placement, a cancel or still waiting."""
    exploitation = placement.exploitation[0]
    fitting = [o for o in offers if _fits(o, placement.gender, placement.age, placement.needs, exploitation)]
    hard_case = (
        placement.gender != "woman"
        or placement.age < 18
        or {"addiction", "psychiatric"} & set(placement.needs)
    )
    steps: list[dict[str, object]] = []
    moment = placement.created_at
    # What the matching core would have said at intake: nothing fits at all, or (for the groups with little
    # shelter) everything that fits is full; otherwise a few fitting places are free somewhere.
    # (The season makes winter fuller: 1.3 in January, 0.7 in July.)
    chance = (0.12 if hard_case else 0.015) * _season(placement.created_at)
    full_everywhere = rng.random() < chance
    placement.fitting_free_at_intake = 0 if not fitting or full_everywhere else rng.randint(1, 6)
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3] if hard_case else [0, 0, 0, 1])):
        if not offers:
            break
        offer = rng.choice(offers)
        moment += timedelta(hours=rng.randint(2, 30))
        if rng.random() < 0.85:
            outcome, reason = (
                ProposalOutcome.DECLINED_BY_PROVIDER,
                _refusal_reason(offer, placement.gender, placement.age, placement.needs, rng),
            )
        else:
            outcome, reason = ProposalOutcome.DECLINED_BY_CLIENT, rng.choice(ClientDeclineReason.values[:-1])
        steps.append(
            {
                "offer": offer,
                "proposed_at": moment - timedelta(hours=1),
                "outcome": outcome,
                "reason": reason,
                "decided_by": providers.get(offer.location.organisation_id),
                "decided_at": moment,
            }
        )
    age_days = (now - placement.created_at).days
    if age_days < 21 and rng.random() < 0.6:
        placement.status = RequestStatus.OPEN if not fitting or rng.random() < 0.5 else RequestStatus.PROPOSED
        if placement.status == RequestStatus.PROPOSED:
            steps.append(
                {"offer": rng.choice(fitting), "proposed_at": now - timedelta(hours=rng.randint(1, 20))}
            )
        return steps
    unmet = placement.fitting_free_at_intake == 0
    if not fitting or rng.random() < (0.35 if unmet else 0.1):
        placement.status, placement.closed_at = (
            RequestStatus.CANCELLED,
            moment + timedelta(days=rng.randint(1, 20)),
        )
        return steps
    offer = _nearby(fitting, placement, rng, police_of_region)
    # Nothing was free at intake: the person waits (elsewhere, or at home) until a place frees up.
    moment += timedelta(hours=rng.randint(48, 24 * 21) if unmet else rng.randint(1, 48))
    placement.placed_offer, placement.intake_date = offer, timezone.localtime(moment).date()
    steps.append(
        {
            "offer": offer,
            "proposed_at": moment - timedelta(hours=1),
            "outcome": ProposalOutcome.PLACED,
            "decided_by": providers.get(offer.location.organisation_id),
            "decided_at": moment,
        }
    )
    low, high = STAY_DAYS[offer.care_type]
    leaves = moment + timedelta(days=rng.randint(low, high))
    if leaves < now:
        placement.status, placement.exit_date, placement.closed_at = (
            RequestStatus.LEFT,
            timezone.localtime(leaves).date(),
            leaves,
        )
        placement.exit_destination = rng.choices(ExitDestination.values, [45, 25, 10, 20])[0]
    else:
        placement.status = RequestStatus.PLACED
    return steps
