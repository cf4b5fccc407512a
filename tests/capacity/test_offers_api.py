"""The offers API: filters, availability updates, permissions and secret addresses."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from tests.builders import make_api_token, make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db

QUERY = "/api/v1/offers/?care_type=crisis&exploitation=labour&gender=man&free=true"


def test_the_filtered_query_returns_exactly_the_matching_active_offers(cast: Cast, client: Client) -> None:
    updated = timezone.now() - timedelta(hours=3)
    match = make_offer(cast.secret_a, name="Match", availability_updated_at=updated)
    also = make_offer(cast.secret_b, name="Also", serves_sexual=False, accepts_woman=False, free_places=1)
    make_offer(cast.secret_a, name="Long", care_type="long_term")
    make_offer(cast.secret_a, name="Sexual only", serves_labour=False)
    make_offer(cast.secret_a, name="Women only", accepts_man=False)
    make_offer(cast.secret_a, name="Full", free_places=0, occupied_places=5)
    make_offer(cast.secret_a, name="Closed", active=False)
    make_offer(cast.inactive_b, name="Inactive location")
    client.force_login(cast.alice)
    rows = client.get(QUERY).json()["results"]
    assert {row["name"] for row in rows} == {"Match", "Also"}
    by_name = {row["name"]: row for row in rows}
    assert by_name["Match"]["free_places"] == 2
    assert by_name["Also"]["free_places"] == 1
    assert (
        by_name["Match"]["availability_updated_at"]
        == updated.astimezone(timezone.get_current_timezone()).isoformat()
    )
    assert by_name["Match"]["is_stale"] is False
    assert match.pk in {row["id"] for row in rows}
    assert also.pk in {row["id"] for row in rows}


def test_filters_by_region_age_and_needs(cast: Cast, client: Client) -> None:
    make_offer(
        cast.secret_a, name="Adults with addiction", supports_addiction=True, supports_psychiatric=True
    )
    make_offer(cast.secret_a, name="Minors", min_age=12, max_age=17)
    make_offer(cast.secret_b, name="Rotterdam")
    names = lambda query: {row["name"] for row in client.get(f"/api/v1/offers/?{query}").json()["results"]}  # noqa: E731
    assert names("region=VO28") == {"Rotterdam"}
    assert names("age=15") == {"Minors"}
    assert names("need=addiction&need=psychiatric") == {"Adults with addiction"}
    assert names("need=addiction&need=pregnancy") == set()


def test_an_unknown_filter_value_is_a_readable_400(client: Client, cast: Cast) -> None:
    response = client.get("/api/v1/offers/?care_type=hotel&age=-3")
    assert response.status_code == 400
    body = response.json()
    assert "care_type" in body
    assert "age" in body


def test_anonymous_and_policy_makers_never_get_an_address(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a)
    make_offer(cast.public_a)
    assert all(row["location"]["address"] is None for row in client.get("/api/v1/offers/").json()["results"])
    client.force_login(cast.paul)
    body = client.get("/api/v1/offers/").content.decode()
    assert "Geheimstraat" not in body
    assert "Openbaarplein" not in body


def test_a_provider_updates_availability_with_a_token(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    token_key = make_api_token(cast.carol)
    response = client.put(
        f"/api/v1/offers/{offer.pk}/availability/",
        {"free_places": 0, "occupied_places": 5, "waiting_list": 2},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token_key}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["free_places"] == 0
    assert response.json()["history"][0]["source"] == "api"
    offer.refresh_from_db()
    assert (offer.free_places, offer.waiting_list) == (0, 2)


def test_availability_updates_follow_the_triple_and_scope(cast: Cast, client: Client) -> None:
    own = make_offer(cast.secret_a)
    closed_elsewhere = make_offer(cast.secret_b, active=False)
    body = {"free_places": 1, "occupied_places": 1, "waiting_list": 0}

    def put(offer: Offer) -> int:
        url = f"/api/v1/offers/{offer.pk}/availability/"
        return client.put(url, body, content_type="application/json").status_code

    assert put(own) == 401  # anonymous
    client.force_login(cast.paul)
    assert put(own) == 403  # a policy maker reports nothing
    client.force_login(cast.dave)
    assert put(own) == 403  # another organisation's offer, visible but not theirs
    client.force_login(cast.carol)
    assert put(closed_elsewhere) == 404  # an inactive offer elsewhere does not exist for carol
    assert put(own) == 200
    assert AvailabilitySnapshot.objects.filter(offer=own).count() == 1


def test_impossible_numbers_are_a_400_and_change_nothing(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, places=5)
    client.force_login(cast.carol)
    url = f"/api/v1/offers/{offer.pk}/availability/"
    for body in ({"free_places": 4, "occupied_places": 4}, {"free_places": -1, "occupied_places": 0}, {}):
        response = client.put(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()
    assert not AvailabilitySnapshot.objects.exists()


def test_the_history_of_an_offer_is_readable(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.carol)
    client.put(
        f"/api/v1/offers/{offer.pk}/availability/",
        {"free_places": 1, "occupied_places": 4},
        content_type="application/json",
    )
    state = client.get(f"/api/v1/offers/{offer.pk}/availability/").json()
    assert [entry["free_places"] for entry in state["history"]] == [1]


def test_the_schema_documents_the_availability_endpoint(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    assert "put" in schema["paths"]["/api/v1/offers/{id}/availability/"]
