"""Every change of state of a placement: one verb each, one transaction, its audit entry, its lock. A request
changes status only through `REQUEST_WORKFLOW.advance`, which checks the move and audits it as well.

One lock order for every service, so that two of them can never wait for each other: the request first,
then its proposal, then the offer (and the audit chain, which `record` and `REQUEST_WORKFLOW.advance` lock,
always last: a request moves only after its offer's place has moved). Every lock names its own table
(`select_for_update(of=("self",))`), so a join never locks a row by accident, and takes `FOR NO KEY UPDATE`,
so inserting a proposal or snapshot that refers to a locked row does not wait. The free place is the thing
two coordinators race for: `accept_proposal` takes it only while holding the offer's lock. On SQLite the
IMMEDIATE transaction mode serialises writers instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts import scoping
from opvangnet.audit.services import record
from opvangnet.capacity.models import AvailabilitySnapshot, AvailabilitySource, Offer
from opvangnet.core import counters
from opvangnet.placement import notifications
from opvangnet.placement.models import (
    REASONS_BY_OUTCOME,
    REQUEST_WORKFLOW,
    URGENCY_PRIORITY,
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

if TYPE_CHECKING:
    from opvangnet.accounts.models import User


def fitting_free_offers(placement: PlacementRequest) -> int | None:
    """How many active offers anywhere fit this request and have a free place now (the matching core's
    candidates, whoever is asking); None when the core cannot judge (a region without a centre).
    Uses this process's offer columns (two tiny queries when current) and one pass of the core."""
    from opvangnet.placement import engine, offer_columns
    from opvangnet.placement.adapters import request_record

    offer_set = offer_columns.current()
    try:
        result = engine.match(request_record(placement), offer_set.columns, offer_set.points)
    except engine.ContractError:
        return None
    return len(result.candidates)


def hold_duration() -> timedelta:
    return timedelta(minutes=settings.PLACEMENT_HOLD_MINUTES)


def _locked_request(placement: PlacementRequest | int) -> PlacementRequest:
    """Lock a request (step 1 of the lock order)."""
    pk = placement if isinstance(placement, int) else placement.pk
    return PlacementRequest.objects.select_for_update(of=("self",), no_key=True).get(pk=pk)


def _locked_proposal(placement: PlacementRequest) -> Proposal | None:
    """Lock the live proposal of a request whose row the caller has locked (step 2 of the lock order)."""
    return (
        Proposal.objects.select_for_update(of=("self",), no_key=True)
        .filter(request=placement, outcome__in=[ProposalOutcome.PENDING, ProposalOutcome.ACCEPTED])
        .first()
    )


def _locked_offer(offer_id: int) -> Offer:
    """Lock an offer (step 3 of the lock order: after the request and the proposal)."""
    return Offer.objects.select_for_update(of=("self",), no_key=True).get(pk=offer_id)


def _lock_answered_proposal(proposal: Proposal) -> tuple[PlacementRequest, Proposal]:
    """Lock a proposal's request, then the proposal itself: the order every other service uses."""
    request_id = Proposal.objects.filter(pk=proposal.pk).values_list("request_id", flat=True).first()
    if request_id is None:
        raise ValidationError(_("This proposal no longer exists."))
    placement = _locked_request(request_id)
    locked = Proposal.objects.select_for_update(of=("self",), no_key=True).get(pk=proposal.pk)
    return placement, locked


def _move_place(offer_id: int, taken: int, user: User | None) -> None:
    """Take (1) or give back (-1) one free place of an offer, and keep it in the history.

    Locks the offer, so the caller must already hold any request and proposal locks it needs.
    """
    offer = _locked_offer(offer_id)
    free = max(0, offer.free_places - taken)
    occupied = max(0, offer.occupied_places + taken)
    Offer.objects.filter(pk=offer_id).update(free_places=free, occupied_places=occupied)
    counters.bump(counters.AVAILABILITY)
    AvailabilitySnapshot.objects.create(
        offer=offer,
        recorded_at=timezone.now(),
        recorded_by=user,
        free_places=free,
        occupied_places=occupied,
        waiting_list=offer.waiting_list,
        source=AvailabilitySource.PLACEMENT,
    )


def _check_coordinator(user: User, placement: PlacementRequest) -> None:
    if not scoping.placement_requests_for(user, PlacementRequest.objects.filter(pk=placement.pk)).exists():
        raise PermissionDenied(_("You may not handle this request."))
    if not user.has_perm("placement.request_placement"):
        raise PermissionDenied(_("You may not handle this request."))


def _check_reason(outcome: str, reason: str, reason_text: str) -> None:
    choices = REASONS_BY_OUTCOME[outcome]
    if reason not in choices.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if reason == "other" and not reason_text.strip():
        raise ValidationError({"reason_text": _("Explain the reason 'other'.")})


def contradiction(placement: PlacementRequest, offer: Offer, reason: str) -> str | None:
    """Why a provider's refusal reason contradicts the request or the offer's own data, or None.

    "Addiction" (or psychiatric problems, intellectual disability) for a client without it, "outside the
    target group" for someone whose gender, age and exploitation the offer says it takes, "language" where
    client and offer share one: such a reason is not refused, but it needs a comment (the one rule; the form
    and the API ask it here).
    """
    needs = set(placement.needs)
    if reason in (
        ProviderDeclineReason.ADDICTION,
        ProviderDeclineReason.PSYCHIATRIC,
        ProviderDeclineReason.INTELLECTUAL_DISABILITY,
    ):
        if reason not in needs:
            return _("The request does not mention '%(reason)s'.") % {
                "reason": ProviderDeclineReason(reason).label
            }
    elif reason == ProviderDeclineReason.TARGET_GROUP:
        in_group = (
            placement.gender in offer.genders()
            and bool(set(placement.exploitation) & set(offer.exploitation_types()))
            and offer.min_age <= placement.age <= offer.max_age
        )
        if in_group:
            return _("By its own data the offer takes this gender, age and form of exploitation.")
    elif reason == ProviderDeclineReason.LANGUAGE and set(placement.languages) & set(offer.language_codes()):
        return _("The client speaks a language that the offer lists.")
    return None


def check_decline_reason(placement: PlacementRequest, offer: Offer, reason: str, reason_text: str) -> None:
    """A reason from the list; 'other' and a reason that contradicts the request need an explanation."""
    _check_reason(ProposalOutcome.DECLINED_BY_PROVIDER, reason, reason_text)
    why = contradiction(placement, offer, reason)
    if why and not reason_text.strip():
        raise ValidationError(
            {"reason_text": _("%(why)s Explain why you decline for this reason.") % {"why": why}}
        )


def create_request(user: User, region: Region, **needs: Any) -> PlacementRequest:
    """Register what a person needs under a new pseudonymous client code (`<region>-<year>-<number>`)."""
    if not user.has_perm("placement.request_placement"):
        raise PermissionDenied(_("You may not request placements."))
    if getattr(user, "region_id", None) not in (None, region.pk) and not user.has_perm(
        "placement.view_all_requests"
    ):
        raise PermissionDenied(_("You may request placements for your own region only."))
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()  # numbers per region stay unique
        year = timezone.localdate().year
        prefix = f"{region.code}-{year}-"
        number = PlacementRequest.objects.filter(client_code__startswith=prefix).count() + 1
        while PlacementRequest.objects.filter(client_code=f"{prefix}{number:04d}").exists():
            number += 1  # a gap left by imported or demo codes
        placement = PlacementRequest(
            client_code=f"{prefix}{number:04d}",
            region=region,
            coordinator=user,
            priority=URGENCY_PRIORITY.get(needs.get("urgency", "week"), 2),
            **needs,
        )
        placement.full_clean()
        placement.fitting_free_at_intake = fitting_free_offers(placement)
        placement.save()
        record(user, "placement.request_created", placement)
    return placement


def propose(user: User, placement: PlacementRequest, offer: Offer) -> Proposal:
    """Put the request to one offer; the provider answers in its inbox. One live proposal at a time."""
    with transaction.atomic():
        placement = _locked_request(placement)
        _check_coordinator(user, placement)
        if not offer.active:
            raise ValidationError(_("This offer is not active."))
        REQUEST_WORKFLOW.advance(user, placement, RequestStatus.PROPOSED)
        proposal = Proposal.objects.create(request=placement, offer=offer, proposed_by=user)
        record(user, "placement.proposed", proposal, details={"offer": offer.pk})
        notifications.proposal_made(proposal)
    return proposal


def propose_assignment(user: User, pairs: Sequence[tuple[PlacementRequest, Offer]]) -> list[Proposal]:
    """Propose every (request, offer) pair of an assignment, all or none, in one transaction.

    Requests are locked in the order of their numbers, so two assignments applied at once cannot deadlock.
    Any refusal (a request no longer open, an inactive offer, a request that is not the user's) rolls back
    every proposal already made: a ValidationError names the client code, a PermissionDenied passes through.
    """
    if len({placement.pk for placement, _offer in pairs}) != len(pairs):
        raise ValidationError(_("A request appears more than once in the assignment."))
    proposals: list[Proposal] = []
    with transaction.atomic():
        for placement, offer in sorted(pairs, key=lambda pair: pair[0].pk):
            try:
                proposals.append(propose(user, placement, offer))
            except ValidationError as error:
                raise ValidationError(
                    _("Nothing was proposed: %(code)s: %(reason)s")
                    % {"code": placement.client_code, "reason": " ".join(error.messages)}
                ) from error
    return proposals


def _lock_pending_for_provider(user: User, proposal: Proposal) -> tuple[PlacementRequest, Proposal]:
    """Lock a proposal the provider is about to answer (in the lock order), refusing one that is not theirs
    (PermissionDenied) or no longer waits for an answer (ValidationError)."""
    placement, proposal = _lock_answered_proposal(proposal)
    if not scoping.proposals_for_provider(user, Proposal.objects.filter(pk=proposal.pk)).exists():
        raise PermissionDenied(_("You may not answer this proposal."))
    if proposal.outcome != ProposalOutcome.PENDING:
        raise ValidationError(_("This proposal has already been answered."))
    return placement, proposal


def accept_proposal(user: User, proposal: Proposal) -> Proposal:
    """The provider accepts: one free place is taken and held for the client (default 90 minutes).

    Expired holds on the offer are given back first (their own transactions). Then the request, the proposal
    and the offer are locked in that order; two acceptances for the last place can never both succeed: the
    second gets a ValidationError and its proposal stays pending. A proposal cancelled or withdrawn meanwhile
    gives a ValidationError too.
    """
    release_expired_holds(offer_id=proposal.offer_id)
    with transaction.atomic():
        placement, proposal = _lock_pending_for_provider(user, proposal)
        offer = _locked_offer(proposal.offer_id)
        if offer.free_places < 1:
            raise ValidationError(_("There is no free place left in this offer."))
        _move_place(offer.pk, 1, user)
        now = timezone.now()
        proposal.outcome = ProposalOutcome.ACCEPTED
        proposal.decided_by, proposal.decided_at, proposal.hold_until = user, now, now + hold_duration()
        proposal.save()
        REQUEST_WORKFLOW.advance(user, placement, RequestStatus.ACCEPTED)
        record(user, "placement.accepted", proposal)
        notifications.proposal_answered(proposal, NoticeKind.ACCEPTED)
    return proposal


def decline_proposal(user: User, proposal: Proposal, reason: str, reason_text: str = "") -> Proposal:
    """The provider declines with a reason from the fixed list; the request is open again. A reason that
    contradicts the request needs an explanation (`contradiction`)."""
    _check_reason(ProposalOutcome.DECLINED_BY_PROVIDER, reason, reason_text)
    with transaction.atomic():
        placement, proposal = _lock_pending_for_provider(user, proposal)
        check_decline_reason(placement, proposal.offer, reason, reason_text)
        _close(proposal, ProposalOutcome.DECLINED_BY_PROVIDER, user, reason, reason_text)
        REQUEST_WORKFLOW.advance(user, placement, RequestStatus.OPEN)
        record(user, "placement.declined_by_provider", proposal, details={"reason": reason})
        notifications.proposal_answered(proposal, NoticeKind.DECLINED)
    return proposal


def _close(proposal: Proposal, outcome: str, user: User | None, reason: str, reason_text: str) -> None:
    if proposal.outcome == ProposalOutcome.ACCEPTED:
        _move_place(proposal.offer_id, -1, user)  # the held place is free again
    proposal.outcome, proposal.reason, proposal.reason_text = outcome, reason, reason_text.strip()
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()


def withdraw(
    user: User, placement: PlacementRequest, outcome: str, reason: str, reason_text: str = ""
) -> None:
    """The client declines, or the coordinator cancels, the live proposal; a held place is given back.

    Declined by the client: the request is open again. Cancelled by the coordinator: the request too.
    """
    if outcome not in (ProposalOutcome.DECLINED_BY_CLIENT, ProposalOutcome.CANCELLED_BY_COORDINATOR):
        raise ValueError(outcome)
    _check_reason(outcome, reason, reason_text)
    with transaction.atomic():
        placement = _locked_request(placement)
        _check_coordinator(user, placement)
        proposal = _locked_proposal(placement)
        if proposal is None:
            raise ValidationError(_("There is no proposal to withdraw."))
        _close(proposal, outcome, user, reason, reason_text)
        REQUEST_WORKFLOW.advance(
            user,
            placement,
            RequestStatus.OPEN if outcome == ProposalOutcome.DECLINED_BY_CLIENT else RequestStatus.CANCELLED,
        )
        record(user, f"placement.{outcome}", proposal, details={"reason": reason})


def cancel_request(user: User, placement: PlacementRequest, reason: str, reason_text: str = "") -> None:
    """The coordinator closes a request that is no longer needed; any live proposal ends with it."""
    _check_reason(ProposalOutcome.CANCELLED_BY_COORDINATOR, reason, reason_text)
    with transaction.atomic():
        placement = _locked_request(placement)
        _check_coordinator(user, placement)
        proposal = _locked_proposal(placement)
        if proposal is not None:
            _close(proposal, ProposalOutcome.CANCELLED_BY_COORDINATOR, user, reason, reason_text)
        REQUEST_WORKFLOW.advance(user, placement, RequestStatus.CANCELLED)
        record(user, "placement.request_cancelled", placement, details={"reason": reason})


def record_intake(user: User, placement: PlacementRequest, intake_date: date) -> None:
    """The client arrived: the held place becomes a placement, unless its hold is over (then the place
    goes back now, as the sweep would have done, and the request reopens)."""
    if release_expired_holds(request_id=placement.pk):
        raise ValidationError(
            _(
                "The place was held until its time ran out, so it has been given back and the request is "
                "open again."
            )
        )
    with transaction.atomic():
        placement = _locked_request(placement)
        proposal = _locked_proposal(placement)
        provider_may = (
            proposal is not None
            and scoping.proposals_for_provider(user, Proposal.objects.filter(pk=proposal.pk)).exists()
        )
        if not provider_may:
            _check_coordinator(user, placement)
        if proposal is None or proposal.outcome != ProposalOutcome.ACCEPTED:
            raise ValidationError(_("Only an accepted proposal can become a placement."))
        if intake_date > timezone.localdate():
            raise ValidationError({"intake_date": _("The intake date cannot lie in the future.")})
        proposal.outcome, proposal.hold_until = ProposalOutcome.PLACED, None
        proposal.save()
        placement.placed_offer_id, placement.intake_date = proposal.offer_id, intake_date
        REQUEST_WORKFLOW.advance(
            user, placement, RequestStatus.PLACED, also_save=("placed_offer", "intake_date")
        )
        record(user, "placement.placed", placement, details={"offer": proposal.offer_id})


def record_exit(user: User, placement: PlacementRequest, exit_date: date, destination: str) -> None:
    """The client left; the place is free again."""
    if destination not in ExitDestination.values:
        raise ValidationError({"destination": _("Choose a destination from the list.")})
    with transaction.atomic():
        placement = _locked_request(placement)
        is_provider = (
            placement.placed_offer_id is not None
            and Offer.objects.filter(
                pk=placement.placed_offer_id, location__organisation_id=scoping.organisation_id(user) or 0
            ).exists()
            and user.has_perm("placement.answer_proposals")
        )
        if not is_provider:
            _check_coordinator(user, placement)
        if placement.intake_date and exit_date < placement.intake_date:
            raise ValidationError({"exit_date": _("The exit date lies before the intake date.")})
        if REQUEST_WORKFLOW.can_move(placement, RequestStatus.LEFT):  # else `advance` refuses below
            # The place goes back before `advance` writes its audit entry: the offer before the audit chain.
            assert placement.placed_offer_id is not None
            _move_place(placement.placed_offer_id, -1, user)
        placement.exit_date, placement.exit_destination = exit_date, destination
        REQUEST_WORKFLOW.advance(
            user, placement, RequestStatus.LEFT, also_save=("exit_date", "exit_destination")
        )
        record(user, "placement.left", placement, details={"destination": destination})


def release_expired_holds(offer_id: int | None = None, request_id: int | None = None) -> int:
    """Give back every held place whose time is up (of one offer or one request, when given) and reopen its
    request. Safe to call at any moment; `expire-holds --every` calls it in the background, pages never do.

    Each hold is released in its own transaction (request, proposal, offer: the one lock order), so a
    release never holds one offer's lock while it waits for another request.
    """
    now = timezone.now()
    expired = Proposal.objects.filter(outcome=ProposalOutcome.ACCEPTED, hold_until__lte=now)
    if offer_id is not None:
        expired = expired.filter(offer_id=offer_id)
    if request_id is not None:
        expired = expired.filter(request_id=request_id)
    candidates = list(expired.order_by("request_id").values_list("pk", "request_id"))
    released = 0
    for proposal_id, request_id in candidates:  # usually none: then no write transaction at all
        with transaction.atomic():
            placement = _locked_request(request_id)
            proposal = (
                Proposal.objects.select_for_update(of=("self",), no_key=True)
                .filter(pk=proposal_id, outcome=ProposalOutcome.ACCEPTED, hold_until__lte=now)
                .first()
            )
            if proposal is None:
                continue  # answered or placed while we looked
            _close(proposal, ProposalOutcome.EXPIRED, None, "", "")
            if placement.status == RequestStatus.ACCEPTED:
                REQUEST_WORKFLOW.advance(None, placement, RequestStatus.OPEN)
            record(None, "placement.hold_expired", proposal)
            notifications.proposal_answered(proposal, NoticeKind.EXPIRED)
            released += 1
    return released


def set_handover_note(user: User, proposal: Proposal, note: str) -> Proposal:
    """The coordinator writes what the provider needs for the handover (never a name); audited."""
    with transaction.atomic():
        placement, proposal = _lock_answered_proposal(proposal)
        _check_coordinator(user, placement)
        if proposal.outcome not in (ProposalOutcome.PENDING, ProposalOutcome.ACCEPTED):
            raise ValidationError(_("The handover note belongs to a live proposal."))
        proposal.handover_note = note.strip()[:2000]
        proposal.save(update_fields=["handover_note"])
        record(user, "placement.handover_note", proposal, details={"length": len(proposal.handover_note)})
    return proposal


def mark_notices_read(user: User) -> int:
    """Every unread notice of this user is read now."""
    return Notice.objects.for_user(user).unread().update(read_at=timezone.now())


# The place was accepted: transport must be arranged, so the coordinator may see where to go.
ADDRESS_FOR_TRANSPORT_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.PLACED)


def reveal_address_for_transport(user: User, placement: PlacementRequest) -> str:
    """The (possibly secret) address of the offer that accepted this request, for its coordinator; audited.

    Raises PermissionDenied for anyone but the request's coordinators, ValidationError when no place has been
    accepted (yet).
    """
    if not scoping.can_reveal_address_for_transport(user, placement):
        raise PermissionDenied
    with transaction.atomic():
        proposal = (
            placement.proposals.filter(outcome=ProposalOutcome.ACCEPTED)
            .select_related("offer__location__municipality")
            .order_by("-decided_at")
            .first()
        )
        if placement.status not in ADDRESS_FOR_TRANSPORT_STATUSES or proposal is None:
            raise ValidationError(_("The address is shown once a provider has accepted this request."))
        location = proposal.offer.location
        record(
            user,
            "placement.address_revealed",
            location,
            reason="transport",
            details={"request": placement.pk, "proposal": proposal.pk, "secret": location.secret_address},
        )
        return location.full_address()
