"""Placement requests from intake to exit: every verb, its refusals and the places it takes and gives back."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from opvangnet.audit.models import AuditEntry
from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome, RequestStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_a_request_gets_a_pseudonymous_code_per_region_and_year(cast: Cast) -> None:
    first = make_request(cast.alice)
    second = make_request(cast.alice)
    year = timezone.localdate().year
    assert (first.client_code, second.client_code) == (f"VO04-{year}-0001", f"VO04-{year}-0002")
    assert first.priority == 3  # urgency today
    assert AuditEntry.objects.filter(action="placement.request_created").count() == 2


def test_a_coordinator_requests_for_the_own_region_only(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        make_request(cast.alice, region=cast.rijnmond)
    with pytest.raises(PermissionDenied):
        make_request(cast.carol, region=cast.amsterdam)
    assert make_request(cast.nina, region=cast.rijnmond).region == cast.rijnmond


def test_from_proposal_to_exit_the_place_is_taken_and_given_back(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, places=5, free_places=1, occupied_places=4)
    placement = make_request(cast.alice)
    proposal = services.propose(cast.alice, placement, offer)
    placement.refresh_from_db()
    assert placement.status == RequestStatus.PROPOSED

    services.accept_proposal(cast.carol, proposal)
    offer.refresh_from_db()
    placement.refresh_from_db()
    proposal.refresh_from_db()
    assert (offer.free_places, offer.occupied_places) == (0, 5)
    assert placement.status == RequestStatus.ACCEPTED
    assert proposal.hold_until is not None
    assert timedelta(minutes=89) < proposal.hold_until - timezone.now() <= timedelta(minutes=90)

    services.record_intake(cast.carol, placement, timezone.localdate())
    placement.refresh_from_db()
    assert (placement.status, placement.placed_offer) == (RequestStatus.PLACED, offer)

    services.record_exit(cast.alice, placement, timezone.localdate(), "independent")
    placement.refresh_from_db()
    offer.refresh_from_db()
    assert placement.status == RequestStatus.LEFT
    assert placement.exit_destination == "independent"
    assert (offer.free_places, offer.occupied_places) == (1, 4)


def test_a_provider_declines_with_a_reason_and_the_request_is_open_again(cast: Cast) -> None:
    offer = make_offer(cast.secret_a)
    placement = make_request(cast.alice)
    proposal = services.propose(cast.alice, placement, offer)
    with pytest.raises(ValidationError):
        services.decline_proposal(cast.carol, proposal, "not-a-reason")
    with pytest.raises(ValidationError) as error:
        services.decline_proposal(cast.carol, proposal, "other", "  ")
    assert "reason_text" in error.value.message_dict
    services.decline_proposal(cast.carol, proposal, "safety")
    proposal.refresh_from_db()
    placement.refresh_from_db()
    assert (proposal.outcome, proposal.reason) == (ProposalOutcome.DECLINED_BY_PROVIDER, "safety")
    assert placement.status == RequestStatus.OPEN


def test_only_the_offers_own_organisation_answers(cast: Cast) -> None:
    proposal = services.propose(cast.alice, make_request(cast.alice), make_offer(cast.secret_a))
    for outsider in (cast.dave, cast.alice, cast.nina, cast.paul):
        with pytest.raises(PermissionDenied):
            services.accept_proposal(outsider, proposal)
    proposal.refresh_from_db()
    assert proposal.outcome == ProposalOutcome.PENDING


def test_the_last_place_cannot_be_accepted_twice(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    first = services.propose(cast.alice, make_request(cast.alice), offer)
    second = services.propose(cast.bob, make_request(cast.bob), offer)
    services.accept_proposal(cast.carol, first)
    with pytest.raises(ValidationError, match="geen vrije plek"):
        services.accept_proposal(cast.carol, second)
    second.refresh_from_db()
    offer.refresh_from_db()
    assert second.outcome == ProposalOutcome.PENDING
    assert offer.free_places == 0


def test_a_hold_that_expires_frees_the_place_and_reopens_the_request(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    placement = make_request(cast.alice)
    proposal = services.accept_proposal(cast.carol, services.propose(cast.alice, placement, offer))
    Proposal.objects.filter(pk=proposal.pk).update(hold_until=timezone.now() - timedelta(minutes=1))
    assert services.release_expired_holds() == 1
    offer.refresh_from_db()
    placement.refresh_from_db()
    proposal.refresh_from_db()
    assert offer.free_places == 1
    assert placement.status == RequestStatus.OPEN
    assert proposal.outcome == ProposalOutcome.EXPIRED
    with pytest.raises(ValidationError):
        services.record_intake(cast.alice, placement, timezone.localdate())
    with pytest.raises(PermissionDenied):  # the provider's part ended with the hold
        services.record_intake(cast.carol, placement, timezone.localdate())


def test_an_expired_hold_is_released_before_the_next_acceptance(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    held = services.accept_proposal(cast.carol, services.propose(cast.alice, make_request(cast.alice), offer))
    Proposal.objects.filter(pk=held.pk).update(hold_until=timezone.now() - timedelta(seconds=1))
    waiting = services.propose(cast.bob, make_request(cast.bob), offer)
    services.accept_proposal(cast.carol, waiting)
    waiting.refresh_from_db()
    assert waiting.outcome == ProposalOutcome.ACCEPTED


def test_the_client_declining_a_held_place_gives_it_back(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    placement = make_request(cast.alice)
    services.accept_proposal(cast.carol, services.propose(cast.alice, placement, offer))
    services.withdraw(cast.alice, placement, ProposalOutcome.DECLINED_BY_CLIENT, "too_far")
    offer.refresh_from_db()
    placement.refresh_from_db()
    assert offer.free_places == 1
    assert placement.status == RequestStatus.OPEN


def test_cancelling_closes_the_request_and_any_live_proposal(cast: Cast) -> None:
    placement = make_request(cast.alice)
    proposal = services.propose(cast.alice, placement, make_offer(cast.secret_a))
    services.cancel_request(cast.alice, placement, "placed_elsewhere")
    placement.refresh_from_db()
    proposal.refresh_from_db()
    assert placement.status == RequestStatus.CANCELLED
    assert placement.closed_at is not None
    assert proposal.outcome == ProposalOutcome.CANCELLED_BY_COORDINATOR


def test_the_workflow_refuses_steps_out_of_order(cast: Cast) -> None:
    placement = make_request(cast.alice)
    offer = make_offer(cast.secret_a)
    with pytest.raises(ValidationError):
        services.record_intake(cast.alice, placement, timezone.localdate())
    services.propose(cast.alice, placement, offer)
    with pytest.raises(ValidationError):
        services.propose(cast.alice, placement, offer)  # one live proposal at a time
    with pytest.raises(ValidationError):
        services.record_exit(cast.alice, placement, timezone.localdate(), "unknown")


def test_a_coordinator_of_another_region_cannot_touch_the_request(cast: Cast) -> None:
    placement = make_request(cast.alice)
    with pytest.raises(PermissionDenied):
        services.propose(cast.bob, placement, make_offer(cast.secret_a))
    with pytest.raises(PermissionDenied):
        services.cancel_request(cast.bob, placement, "duplicate")


def test_an_intake_in_the_future_is_refused(cast: Cast) -> None:
    placement = make_request(cast.alice)
    services.accept_proposal(cast.carol, services.propose(cast.alice, placement, make_offer(cast.secret_a)))
    with pytest.raises(ValidationError) as error:
        services.record_intake(cast.carol, placement, timezone.localdate() + timedelta(days=2))
    assert "intake_date" in error.value.message_dict


def test_a_client_code_skips_numbers_already_taken(cast: Cast) -> None:
    first = make_request(cast.alice)
    make_request(cast.alice)
    prefix = first.client_code[:-4]
    PlacementRequest.objects.filter(pk=first.pk).update(client_code=f"{prefix}0003")  # two exist: 0002, 0003
    assert make_request(cast.alice).client_code == f"{prefix}0004"


def test_every_move_of_a_request_is_audited_with_its_from_and_to(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    placement = make_request(cast.alice)
    proposal = services.propose(cast.alice, placement, offer)
    services.accept_proposal(cast.carol, proposal)
    services.record_intake(cast.carol, placement, timezone.localdate())
    services.record_exit(cast.alice, placement, timezone.localdate(), "independent")

    moves = AuditEntry.objects.filter(action="placement.advance", target_id=str(placement.pk)).order_by("pk")
    assert [(entry.actor, entry.details) for entry in moves] == [
        (cast.alice, {"from": "open", "to": "proposed"}),
        (cast.carol, {"from": "proposed", "to": "accepted"}),
        (cast.carol, {"from": "accepted", "to": "placed"}),
        (cast.alice, {"from": "placed", "to": "left"}),
    ]
    placement.refresh_from_db()
    assert (placement.placed_offer, placement.intake_date) == (offer, timezone.localdate())
    assert placement.closed_at is not None


def test_the_sweep_reopens_a_request_as_the_system(cast: Cast) -> None:
    placement = make_request(cast.alice)
    offer = make_offer(cast.secret_a)
    proposal = services.accept_proposal(cast.carol, services.propose(cast.alice, placement, offer))
    Proposal.objects.filter(pk=proposal.pk).update(hold_until=timezone.now() - timedelta(minutes=1))

    services.release_expired_holds()

    entry = AuditEntry.objects.filter(action="placement.advance", target_id=str(placement.pk)).latest("pk")
    assert (entry.actor, entry.actor_name) == (None, "system")
    assert entry.details == {"from": "accepted", "to": "open"}


def test_a_move_the_table_lacks_is_refused_with_both_states_named(cast: Cast) -> None:
    placement = make_request(cast.alice)
    services.cancel_request(cast.alice, placement, "duplicate")

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="from 'Cancelled' to 'Proposed to a provider'"),
    ):
        services.propose(cast.alice, placement, make_offer(cast.secret_a))

    assert not Proposal.objects.filter(request=placement).exists()
