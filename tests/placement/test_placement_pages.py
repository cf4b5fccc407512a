"""Placement pages: who may open what, and what each page does."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, ProposalOutcome, RequestStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db

INTAKE = {
    "region": "VO04",
    "care_type": "crisis",
    "exploitation": ["labour"],
    "gender": "man",
    "age": "19",
    "with_children": "0",
    "needs": ["addiction"],
    "languages": ["ro"],
    "security": "standard",
    "urgency": "today",
}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("placement:waiting_list", {"alice", "bob", "nina"}),
        ("placement:intake", {"alice", "bob", "nina"}),
        ("placement:inbox", {"carol", "dave"}),
        ("placement:refusals", {"alice", "bob", "nina", "paul"}),
    ],
)
def test_each_page_opens_for_its_roles_only(cast: Cast, client: Client, name: str, allowed: set[str]) -> None:
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in cast.everyone():
        client.force_login(user)
        expected = 200 if user.username in allowed else 403
        assert client.get(url).status_code == expected, (name, user.username)


def test_a_request_page_is_a_404_outside_the_scope(cast: Cast, client: Client) -> None:
    placement = make_request(cast.alice)
    url = reverse("placement:detail", args=[placement.pk])
    for user, status in [
        (cast.alice, 200),
        (cast.nina, 200),
        (cast.bob, 404),
        (cast.carol, 404),
        (cast.paul, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    services.propose(cast.alice, placement, make_offer(cast.secret_a))
    client.force_login(cast.carol)
    assert client.get(url).status_code == 200  # proposed to carol's shelter


def test_the_intake_ranks_fitting_places_and_says_why_others_do_not_fit(cast: Cast, client: Client) -> None:
    make_offer(
        cast.secret_b,
        name="Mannen Rotterdam",
        serves_sexual=False,
        accepts_woman=False,
        supports_addiction=True,
        languages="nl,ro",
    )
    make_offer(cast.secret_a, name="Vrouwen Amsterdam", accepts_man=False)
    client.force_login(cast.alice)
    response = client.get(reverse("placement:intake_candidates"), INTAKE, HTTP_HX_REQUEST="true")
    found = response.context["found"]
    assert [row.offer.name for row in found.fitting] == ["Mannen Rotterdam"]
    assert found.excluded_by_rule == {"gender": 1, "needs": 1}
    assert "Vrouwen Amsterdam" in response.content.decode()


def test_an_incomplete_intake_asks_for_more(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    response = client.get(reverse("placement:intake_candidates"), {"care_type": "crisis"})
    assert response.context["incomplete"]


def test_registering_a_request_stores_no_name_and_opens_its_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    response = client.post(reverse("placement:intake"), INTAKE)
    placement = PlacementRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placement:detail", args=[placement.pk])
    assert placement.client_code.startswith("VO04-")
    assert placement.needs == ["addiction"]
    assert client.post(reverse("placement:intake"), {**INTAKE, "age": "-1"}).status_code == 200
    assert PlacementRequest.objects.count() == 1


def test_the_provider_accepts_and_declines_in_the_inbox(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    first = services.propose(cast.alice, make_request(cast.alice), offer)
    second = services.propose(cast.bob, make_request(cast.bob), offer)
    client.force_login(cast.carol)
    page = client.get(reverse("placement:inbox")).content.decode()
    assert first.request.client_code in page
    client.post(reverse("placement:accept", args=[first.pk]))
    client.post(reverse("placement:decline", args=[second.pk]), {"reason": "other", "reason_text": ""})
    second.refresh_from_db()
    assert second.outcome == ProposalOutcome.PENDING  # 'other' without explanation is refused
    client.post(reverse("placement:decline", args=[second.pk]), {"reason": "safety"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome, second.reason) == ("accepted", "declined_by_provider", "safety")
    client.force_login(cast.dave)
    assert client.post(reverse("placement:accept", args=[first.pk])).status_code == 404


def test_the_waiting_list_suggests_the_optimal_assignment_and_applies_it(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    urgent = make_request(cast.alice, urgency="today")
    planned = make_request(cast.alice, urgency="planned")
    client.force_login(cast.alice)
    response = client.get(reverse("placement:waiting_list"), {"suggest": "1"})
    suggestions = {s.request.client_code: s.offer for s in response.context["suggestions"]}
    assert suggestions == {urgent.client_code: offer, planned.client_code: None}
    assert response.context["optimal"] is True
    client.post(reverse("placement:apply_assignment"), {"pair": [f"{urgent.pk}:{offer.pk}"]})
    urgent.refresh_from_db()
    assert urgent.status == RequestStatus.PROPOSED


def test_a_remembered_waiting_list_row_follows_the_request(cast: Cast, client: Client) -> None:
    placement = make_request(cast.alice, urgency="today")
    client.force_login(cast.alice)

    def row() -> str:
        html = client.get(reverse("placement:waiting_list")).content.decode()
        return html.split(f">{placement.client_code}</a>")[1].split("</tr>")[0]

    assert '<td class="utrecht-table__cell">Open</td>' in row()
    services.propose(cast.alice, placement, make_offer(cast.secret_a))
    assert "Voorgesteld aan een aanbieder" in row()


def test_the_coordinator_records_intake_and_exit_on_the_request_page(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    placement = make_request(cast.alice)
    services.accept_proposal(cast.carol, services.propose(cast.alice, placement, offer))
    client.force_login(cast.alice)
    today = timezone.localdate().isoformat()
    client.post(reverse("placement:record_intake", args=[placement.pk]), {"intake_date": today})
    client.post(
        reverse("placement:record_exit", args=[placement.pk]), {"exit_date": today, "destination": "moved_on"}
    )
    placement.refresh_from_db()
    assert (placement.status, placement.exit_destination) == (RequestStatus.LEFT, "moved_on")
