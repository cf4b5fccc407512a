"""The placement API: stateless matching and requests with their actions, scoped per role."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from opvangnet.placement.models import PlacementRequest, Proposal
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db

EXAMPLE = json.loads((Path(__file__).resolve().parents[2] / "examples" / "match.json").read_text())
NEW = {"region": "VO04", "care_type": "crisis", "exploitation": ["sexual"], "gender": "woman", "age": 25}


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, body, content_type="application/json")


def test_matches_answers_like_the_command_line(cast: Cast, client: Client) -> None:
    assert post(client, "/api/v1/matches", EXAMPLE).status_code == 401
    client.force_login(cast.alice)
    body = post(client, "/api/v1/matches?lang=en", EXAMPLE).json()
    listed = [c["offer"] for c in body["candidates"]] + [e["offer"] for e in body["excluded"]]
    assert sorted(listed) == sorted(offer["id"] for offer in EXAMPLE["offers"])


def test_matches_names_the_bad_field(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    bad = {**EXAMPLE, "request": {**EXAMPLE["request"], "care_type": "hotel"}}
    response = post(client, "/api/v1/matches", bad)
    assert response.status_code == 400
    assert response.json()["field"] == "request.care_type"


def test_a_coordinator_creates_a_request_and_proposes(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.alice)
    created = post(client, "/api/v1/placement-requests/", NEW)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    proposed = post(client, f"/api/v1/placement-requests/{pk}/propose/", {"offer": offer.pk})
    assert proposed.json()["status"] == "proposed"
    client.force_login(cast.carol)
    proposal = Proposal.objects.get()
    assert post(client, f"/api/v1/proposals/{proposal.pk}/accept/", {}).json()["outcome"] == "accepted"


def test_bad_requests_are_400_with_the_field(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    response = post(client, "/api/v1/placement-requests/", {**NEW, "gender": "x", "avoid_regions": ["NOPE"]})
    assert response.status_code == 400
    assert set(response.json()) == {"gender", "avoid_regions"}
    assert not PlacementRequest.objects.exists()


def test_the_triple_and_scope_for_requests(cast: Cast, client: Client) -> None:
    assert client.get("/api/v1/placement-requests/").status_code == 401
    client.force_login(cast.paul)
    assert post(client, "/api/v1/placement-requests/", NEW).status_code == 403
    client.force_login(cast.alice)
    pk = post(client, "/api/v1/placement-requests/", NEW).json()["id"]
    client.force_login(cast.bob)
    assert client.get(f"/api/v1/placement-requests/{pk}/").status_code == 404
    assert client.get("/api/v1/placement-requests/").json()["count"] == 0
    client.force_login(cast.nina)
    assert client.get(f"/api/v1/placement-requests/{pk}/").status_code == 200


def test_declining_needs_a_reason_from_the_list(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.alice)
    pk = post(client, "/api/v1/placement-requests/", NEW).json()["id"]
    post(client, f"/api/v1/placement-requests/{pk}/propose/", {"offer": offer.pk})
    proposal = Proposal.objects.get()
    client.force_login(cast.carol)
    refused = post(client, f"/api/v1/proposals/{proposal.pk}/decline/", {"reason": "bored"})
    assert refused.status_code == 400
    assert "reason" in refused.json()
    accepted = post(client, f"/api/v1/proposals/{proposal.pk}/decline/", {"reason": "full"})
    assert accepted.json()["outcome"] == "declined_by_provider"
