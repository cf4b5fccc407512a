"""A provider sees only its own proposals; a secret address reaches a coordinator only for transport."""

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, Proposal
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def declined_by_b_then_accepted_by_a(cast: Cast) -> PlacementRequest:
    """Alice proposes to shelter B, which refuses for addiction; then to shelter A, which accepts."""
    from tests.builders import make_request

    offer_a, offer_b = make_offer(cast.secret_a), make_offer(cast.secret_b)
    placement = make_request(cast.alice)
    refused = services.propose(cast.alice, placement, offer_b)
    services.decline_proposal(cast.dave, refused, "addiction", "geen verslavingszorg")
    accepted = services.propose(cast.alice, placement, offer_a)
    services.accept_proposal(cast.carol, accepted)
    return placement


def test_a_provider_sees_only_its_own_proposal_of_a_request_on_the_page(
    cast: Cast, client: Client, declined_by_b_then_accepted_by_a: PlacementRequest
) -> None:
    url = reverse("placement:detail", args=[declined_by_b_then_accepted_by_a.pk])
    client.force_login(cast.carol)
    carol_sees = client.get(url).content.decode()
    assert "geen verslavingszorg" not in carol_sees
    assert "Shelter B" not in carol_sees
    client.force_login(cast.dave)
    dave_sees = client.get(url)
    assert [p.offer.location.organisation for p in dave_sees.context["proposals"]] == [cast.shelter_b]
    assert "Shelter A" not in dave_sees.content.decode()


def test_a_provider_sees_only_its_own_proposal_of_a_request_in_the_api(
    cast: Cast, client: Client, declined_by_b_then_accepted_by_a: PlacementRequest
) -> None:
    url = f"/api/v1/placement-requests/{declined_by_b_then_accepted_by_a.pk}/"
    client.force_login(cast.dave)
    body = client.get(url).json()
    assert [p["offer"] for p in body["proposals"]] == list(
        Proposal.objects.filter(offer__location__organisation=cast.shelter_b).values_list("offer", flat=True)
    )
    client.force_login(cast.alice)
    assert len(client.get(url).json()["proposals"]) == 2


def test_the_coordinator_reveals_the_accepted_address_for_transport_and_it_is_audited(
    cast: Cast, client: Client, declined_by_b_then_accepted_by_a: PlacementRequest
) -> None:
    placement = declined_by_b_then_accepted_by_a
    client.force_login(cast.alice)
    page = client.get(reverse("placement:detail", args=[placement.pk])).content.decode()
    assert "Geheimstraat" not in page
    assert reverse("placement:reveal_address", args=[placement.pk]) in page
    revealed = client.post(reverse("placement:reveal_address", args=[placement.pk]))
    assert "Geheimstraat 7" in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store, private"
    entry = AuditEntry.objects.get(action="placement.address_revealed")
    assert (entry.actor, entry.target_id, entry.details["request"]) == (
        cast.alice,
        str(cast.secret_a.pk),
        placement.pk,
    )

    client.force_login(cast.bob)  # another region
    assert client.post(reverse("placement:reveal_address", args=[placement.pk])).status_code == 404


def test_no_address_before_a_provider_accepts(cast: Cast, client: Client) -> None:
    from tests.builders import make_request

    placement = make_request(cast.alice)
    services.propose(cast.alice, placement, make_offer(cast.secret_a))
    client.force_login(cast.alice)
    response = client.post(reverse("placement:reveal_address", args=[placement.pk]), follow=True)
    assert "Geheimstraat" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="placement.address_revealed").exists()


def test_the_national_coordinator_reveals_a_secret_address_only_with_a_reason(
    cast: Cast, client: Client
) -> None:
    url = reverse("regions:reveal_address", args=[cast.secret_b.pk])
    client.force_login(cast.alice)
    assert client.get(url).status_code == 403
    client.force_login(cast.nina)
    assert "Verborgenlaan" not in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "spoedplaatsing 's nachts"})
    assert "Verborgenlaan 9" in response.content.decode()
    entry = AuditEntry.objects.get(action="regions.address_revealed")
    assert (entry.actor, entry.reason) == (cast.nina, "spoedplaatsing 's nachts")


def test_only_the_own_organisation_or_the_national_centre_makes_an_address_public_with_a_reason(
    cast: Cast, client: Client
) -> None:
    url = reverse("regions:address_secrecy", args=[cast.secret_a.pk])
    for outsider in (cast.bea, cast.dave, cast.alice):
        client.force_login(outsider)
        assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(cast.carol)
    client.post(url, {"secret": "", "reason": ""})
    cast.secret_a.refresh_from_db()
    assert cast.secret_a.secret_address
    client.post(url, {"secret": "", "reason": "verhuisd, oude pand"})
    cast.secret_a.refresh_from_db()
    assert not cast.secret_a.secret_address
    entry = AuditEntry.objects.get(action="regions.address_made_public")
    assert (entry.actor, entry.reason) == (cast.carol, "verhuisd, oude pand")


def test_the_admin_shows_the_secret_flag_read_only(cast: Cast, client: Client) -> None:
    client.force_login(cast.bea)
    page = client.get(reverse("admin:regions_location_change", args=[cast.public_a.pk])).content.decode()
    assert 'name="secret_address"' not in page
