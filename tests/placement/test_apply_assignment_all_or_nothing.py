"""Applying the waiting list's assignment proposes every ticked pair or none of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, Proposal, RequestStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def apply(client: Client, pairs: list[str]) -> Any:
    return client.post(reverse("placement:apply_assignment"), {"pair": pairs})


def test_all_pairs_are_proposed_together(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, free_places=2, occupied_places=3)
    first, second = make_request(cast.alice), make_request(cast.alice)
    client.force_login(cast.alice)
    response = apply(client, [f"{second.pk}:{offer.pk}", f"{first.pk}:{offer.pk}"])
    assert response.status_code == 302
    assert set(PlacementRequest.objects.values_list("status", flat=True)) == {RequestStatus.PROPOSED}
    assert Proposal.objects.count() == 2


def test_one_pair_with_a_request_of_another_region_changes_nothing(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, free_places=2, occupied_places=3)
    own = [make_request(cast.alice) for _ in range(3)]
    foreign = make_request(cast.bob)
    client.force_login(cast.alice)  # the login itself is an audit entry
    audit_before = AuditEntry.objects.count()
    pairs = [f"{placement.pk}:{offer.pk}" for placement in own]
    response = apply(client, [*pairs[:2], f"{foreign.pk}:{offer.pk}", pairs[2]])
    assert response.status_code == 404
    assert not Proposal.objects.exists()
    assert set(PlacementRequest.objects.values_list("status", flat=True)) == {RequestStatus.OPEN}
    assert AuditEntry.objects.count() == audit_before


def test_one_pair_with_an_offer_the_user_cannot_see_changes_nothing(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    hidden = make_offer(cast.inactive_b, active=False)
    own = [make_request(cast.alice) for _ in range(2)]
    client.force_login(cast.alice)
    response = apply(client, [f"{own[0].pk}:{offer.pk}", f"{own[1].pk}:{hidden.pk}"])
    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_one_pair_that_the_service_refuses_rolls_back_the_others(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, free_places=2, occupied_places=3)
    own = [make_request(cast.alice) for _ in range(3)]
    services.cancel_request(cast.alice, own[1], "duplicate")  # no longer open: propose refuses it
    client.force_login(cast.alice)
    response = apply(client, [f"{placement.pk}:{offer.pk}" for placement in own])
    assert response.status_code == 302
    assert not Proposal.objects.exists()
    assert PlacementRequest.objects.get(pk=own[0].pk).status == RequestStatus.OPEN
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(own[1].client_code in message for message in messages)


@pytest.mark.parametrize("pair", ["abc:1", "1:", "²:1", "1:2:3", "99999999999999999999:1"])
def test_an_unreadable_pair_changes_nothing(cast: Cast, client: Client, pair: str) -> None:
    offer = make_offer(cast.secret_a)
    placement = make_request(cast.alice)
    client.force_login(cast.alice)
    response = apply(client, [f"{placement.pk}:{offer.pk}", pair])
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_the_same_request_twice_is_refused(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    placement = make_request(cast.alice)
    client.force_login(cast.alice)
    apply(client, [f"{placement.pk}:{offer.pk}", f"{placement.pk}:{offer.pk}"])
    assert not Proposal.objects.exists()
