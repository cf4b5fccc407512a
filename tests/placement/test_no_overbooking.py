"""Many coordinators' proposals accepted at the same moment for one last place: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from opvangnet.capacity.models import Offer
from opvangnet.placement import services
from opvangnet.placement.models import Proposal, ProposalOutcome
from tests.builders import make_offer, make_request
from tests.personas import Cast

RACERS = 12


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are what this proves; run on PostgreSQL"
)
def test_concurrent_acceptances_never_overbook_the_last_place(transactional_db: None, cast: Cast) -> None:
    offer = make_offer(cast.secret_a, places=5, free_places=1, occupied_places=4)
    proposals = [services.propose(cast.alice, make_request(cast.alice), offer) for _ in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(proposal: Proposal) -> None:
        try:
            barrier.wait()
            services.accept_proposal(cast.carol, proposal)
            result = "accepted"
        except ValidationError:
            result = "refused"
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(proposal,)) for proposal in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["accepted"] + ["refused"] * (RACERS - 1)
    assert Offer.objects.get(pk=offer.pk).free_places == 0
    assert Proposal.objects.filter(outcome=ProposalOutcome.ACCEPTED).count() == 1
