"""The request page offers exactly the actions the workflow allows from the request's status."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db

ACTIONS = ("record_intake", "client_declined", "record_exit", "cancel")


def _open(cast: Cast) -> Any:
    return make_request(cast.alice)


def _proposed(cast: Cast) -> Any:
    placement = make_request(cast.alice)
    services.propose(cast.alice, placement, make_offer(cast.secret_a))
    return placement


def _accepted(cast: Cast) -> Any:
    placement = _proposed(cast)
    proposal = Proposal.objects.get(request=placement)
    services.accept_proposal(cast.carol, proposal)
    return placement


def _hold_over(cast: Cast) -> Any:
    placement = _accepted(cast)
    Proposal.objects.filter(request=placement).update(hold_until=timezone.now() - timedelta(minutes=1))
    return placement


def _placed(cast: Cast) -> Any:
    placement = _accepted(cast)
    services.record_intake(cast.carol, placement, timezone.localdate())
    return placement


def _left(cast: Cast) -> Any:
    placement = _placed(cast)
    services.record_exit(cast.alice, placement, timezone.localdate(), "independent")
    return placement


def _cancelled(cast: Cast) -> Any:
    placement = make_request(cast.alice)
    services.cancel_request(cast.alice, placement, "duplicate")
    return placement


def _actions_on_page(client: Client, placement: PlacementRequest) -> set[str]:
    html = client.get(reverse("placement:detail", args=[placement.pk])).content.decode()
    posted_to = set(re.findall(r'<form method="post" action="([^"]+)"', html))
    return {name for name in ACTIONS if reverse(f"placement:{name}", args=[placement.pk]) in posted_to}


@pytest.mark.parametrize(
    ("build", "status", "expected"),
    [
        (_open, "open", {"cancel"}),
        (_proposed, "proposed", {"client_declined", "cancel"}),
        (_accepted, "accepted", {"record_intake", "client_declined", "cancel"}),
        (_hold_over, "accepted", {"client_declined", "cancel"}),
        (_placed, "placed", {"record_exit"}),
        (_left, "left", set()),
        (_cancelled, "cancelled", set()),
    ],
)
def test_the_coordinator_sees_the_actions_of_the_status(
    cast: Cast, client: Client, build: Callable[[Cast], Any], status: str, expected: set[str]
) -> None:
    placement = build(cast)
    assert PlacementRequest.objects.get(pk=placement.pk).status == status
    client.force_login(cast.alice)

    assert _actions_on_page(client, placement) == expected


def test_a_held_place_whose_time_is_over_says_so_instead_of_offering_the_intake(
    cast: Cast, client: Client
) -> None:
    placement = _hold_over(cast)
    client.force_login(cast.alice)

    html = client.get(reverse("placement:detail", args=[placement.pk])).content.decode()

    assert "Die tijd is voorbij" in html
    assert reverse("placement:record_intake", args=[placement.pk]) not in html
    assert Proposal.objects.get(request=placement).outcome == ProposalOutcome.ACCEPTED  # no sweep on GET


def test_a_provider_gets_no_coordinator_actions_on_the_request(cast: Cast, client: Client) -> None:
    placement = _accepted(cast)
    client.force_login(cast.carol)

    assert _actions_on_page(client, placement) == set()
