"""A coordinator cancels while the provider accepts or declines the same proposal: never a deadlock, and the
request always ends cancelled with its place given back, whoever came first."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from opvangnet.audit.services import verify_chain
from opvangnet.capacity.models import Offer
from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome, RequestStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast

ROUNDS = 200
FREE = 3

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and deadlocks are what this proves; run on PostgreSQL",
)


def _worker(rounds: list[Callable[[], object]], barrier: threading.Barrier, errors: list[str]) -> None:
    """Run one action per round, each round started together with the other worker."""
    try:
        for number, act in enumerate(rounds):
            barrier.wait(timeout=30)
            try:
                act()
            except ValidationError:
                pass  # the other side came first: refused with a readable message
            except Exception as error:  # a deadlock or any other failure is what this test looks for
                errors.append(f"round {number}: {type(error).__name__}: {error}")
    except threading.BrokenBarrierError:
        errors.append("the other worker stopped")
    finally:
        barrier.abort()
        close_old_connections()
        connection.close()


def test_cancel_racing_accept_and_decline_never_deadlocks_or_loses_a_place(
    transactional_db: None, cast: Cast
) -> None:
    offer = make_offer(cast.secret_a, places=10, free_places=FREE, occupied_places=7)
    proposals = [services.propose(cast.alice, make_request(cast.alice), offer) for _ in range(ROUNDS)]

    def cancel(proposal: Proposal) -> Callable[[], object]:
        return lambda: services.cancel_request(cast.alice, proposal.request, "no_longer_needed")

    def answer(number: int, proposal: Proposal) -> Callable[[], object]:
        if number % 2 == 0:
            return lambda: services.accept_proposal(cast.carol, proposal)
        return lambda: services.decline_proposal(cast.carol, proposal, "full")

    barrier = threading.Barrier(2)
    errors: list[str] = []
    workers = [
        threading.Thread(target=_worker, args=([cancel(p) for p in proposals], barrier, errors)),
        threading.Thread(
            target=_worker, args=([answer(n, p) for n, p in enumerate(proposals)], barrier, errors)
        ),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert not any(worker.is_alive() for worker in workers), "a worker hung"
    assert errors == []
    requests = PlacementRequest.objects.filter(pk__in=[p.request_id for p in proposals])
    assert set(requests.values_list("status", flat=True)) == {RequestStatus.CANCELLED}
    outcomes = set(Proposal.objects.filter(offer=offer).values_list("outcome", flat=True))
    assert outcomes <= {ProposalOutcome.CANCELLED_BY_COORDINATOR, ProposalOutcome.DECLINED_BY_PROVIDER}
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.free_places, offer.occupied_places) == (FREE, 7)
    assert verify_chain().intact
