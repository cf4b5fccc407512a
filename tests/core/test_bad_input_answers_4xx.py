"""Each input that once crashed the server now answers 4xx with a readable message and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from opvangnet.accounts.models import User
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.placement import services
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def _api(user: User | None = None) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("waiting", [10**20, 2**63, 2**31, 10_001])
def test_a_huge_waiting_list_is_refused_with_its_limit(cast: Cast, waiting: int) -> None:
    offer = make_offer(cast.secret_a)
    body = {"free_places": 1, "occupied_places": 1, "waiting_list": waiting}
    response = _api(cast.carol).put(f"/api/v1/offers/{offer.pk}/availability/", body, format="json")
    assert response.status_code == 400
    assert "10000" in response.json()["waiting_list"][0]
    assert not AvailabilitySnapshot.objects.exists()


def test_a_float_waiting_list_is_not_a_whole_number(cast: Cast) -> None:
    offer = make_offer(cast.secret_a)
    body = {"free_places": 1, "occupied_places": 1, "waiting_list": 1e20}
    response = _api(cast.carol).put(f"/api/v1/offers/{offer.pk}/availability/", body, format="json")
    assert response.status_code == 400
    assert "waiting_list" in response.json()


@pytest.mark.parametrize("path", ["/api/v1/offers/{offer}/availability/", "/api/v1/matches"])
def test_a_body_nested_a_hundred_thousand_deep_is_a_readable_400(cast: Cast, path: str) -> None:
    offer = make_offer(cast.secret_a)
    response = _api(cast.carol).generic(
        "PUT" if "offers" in path else "POST",
        path.format(offer=offer.pk),
        "[" * 100_000,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/offers/abc/availability/"),
        ("get", "/api/v1/offers/abc/"),
        ("get", "/api/v1/offers/99999999999999999999/"),
        ("post", "/api/v1/proposals/abc/accept/"),
        ("post", "/api/v1/proposals/99999999999999999999/accept/"),
        ("get", "/api/v1/placement-requests/abc/"),
        ("get", "/api/v1/locations/abc/"),
        ("get", "/api/v1/organisations/1.5/"),
    ],
)
def test_a_non_numeric_or_huge_id_is_not_found(cast: Cast, method: str, path: str) -> None:
    assert getattr(_api(cast.carol), method)(path).status_code == 404


@pytest.mark.parametrize("query", ["limit=99999999999999999999", "offset=99999999999999999999", "limit=-1"])
def test_absurd_pagination_is_capped_for_anonymous_visitors(cast: Cast, query: str) -> None:
    response = _api().get(f"/api/v1/locations/?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 500


def test_a_page_never_holds_more_than_the_cap(cast: Cast) -> None:
    response = _api().get("/api/v1/locations/?limit=99999999999999999999")
    assert "limit=500" in (response.json()["next"] or "limit=500")


def test_huge_numbers_in_a_placement_request_are_refused(cast: Cast) -> None:
    body = {
        "region": "VO04",
        "care_type": "crisis",
        "exploitation": ["sexual"],
        "gender": "woman",
        "age": 2**63,
        "with_children": 2**63,
    }
    response = _api(cast.alice).post("/api/v1/placement-requests/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"age", "with_children"}


def test_proposing_a_huge_offer_number_is_not_found(cast: Cast) -> None:
    placement = make_request(cast.alice)
    response = _api(cast.alice).post(
        f"/api/v1/placement-requests/{placement.pk}/propose/", {"offer": 2**63}, format="json"
    )
    assert response.status_code in (400, 404)
    assert not placement.proposals.exists()


def test_the_web_form_refuses_a_huge_waiting_list_with_a_message(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.carol)
    prefix = f"offer-{offer.pk}"
    response = client.post(
        f"/capacity/offers/{offer.pk}/availability/",
        {f"{prefix}-free_places": 1, f"{prefix}-occupied_places": 1, f"{prefix}-waiting_list": 2**63},
        follow=True,
    )
    assert response.status_code == 200
    assert "10000" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).waiting_list == offer.waiting_list


def test_an_offer_with_absurdly_many_places_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    response = client.post(
        "/capacity/offers/new/",
        {
            "location": cast.secret_a.pk,
            "name": "Groot",
            "care_type": "crisis",
            "exploitation": ["sexual"],
            "genders": ["woman"],
            "min_age": 18,
            "max_age": 120,
            "security_level": "standard",
            "places": 2**40,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["places"]
    assert not Offer.objects.filter(name="Groot").exists()


def test_an_accepted_proposal_still_works_through_the_numeric_route(cast: Cast) -> None:
    proposal = services.propose(cast.alice, make_request(cast.alice), make_offer(cast.secret_a))
    response = _api(cast.carol).post(f"/api/v1/proposals/{proposal.pk}/accept/")
    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted"
