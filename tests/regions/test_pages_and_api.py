"""Reference-data pages and API show exactly what scoping allows; secret addresses never leak."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import User
from tests.personas import Cast

pytestmark = pytest.mark.django_db

SECRET_STREETS = ("Geheimstraat", "Verborgenlaan")


def fetch_all(client: Client, user: User | AnonymousUser) -> str:
    if isinstance(user, User):
        client.force_login(user)
    else:
        client.logout()
    pages = [
        reverse("regions:locations"),
        reverse("regions:region", args=["VO04"]),
        reverse("regions:region", args=["VO28"]),
        "/api/v1/locations/",
        "/api/v1/locations/?region=VO04",
        "/api/v1/organisations/",
    ]
    bodies = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    return "\n".join(bodies)


@pytest.mark.parametrize("who", ["alice", "bob", "nina", "paul", "ines", "ada", "bea", "rick", "anonymous"])
def test_no_secret_address_reaches_anyone_but_its_own_organisation(
    cast: Cast, client: Client, who: str
) -> None:
    user = AnonymousUser() if who == "anonymous" else getattr(cast, who)
    body = fetch_all(client, user)
    for street in SECRET_STREETS:
        assert street not in body
    assert "Crisisopvang A" in body  # the location itself is listed, only its address is withheld


def test_a_provider_sees_its_own_secret_address_but_not_another(cast: Cast, client: Client) -> None:
    body = fetch_all(client, cast.carol)
    assert "Geheimstraat" in body
    assert "Verborgenlaan" not in body


def test_the_api_answers_null_for_a_hidden_address(cast: Cast, client: Client) -> None:
    client.force_login(cast.paul)
    rows = client.get("/api/v1/locations/").json()["results"]
    assert rows
    assert all(row["address"] is None for row in rows)


def test_the_api_filters_locations_by_region(cast: Cast, client: Client) -> None:
    rows = client.get("/api/v1/locations/?region=VO28").json()["results"]
    assert {row["name"] for row in rows} == {"Crisisopvang B"}


def test_an_inactive_location_is_a_404_for_who_may_not_see_it(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    assert client.get(f"/api/v1/locations/{cast.inactive_b.pk}/").status_code == 404
    client.force_login(cast.dave)
    assert client.get(f"/api/v1/locations/{cast.inactive_b.pk}/").status_code == 200


def test_the_reference_data_api_is_read_only(cast: Cast, client: Client) -> None:
    client.force_login(cast.bea)
    response = client.post("/api/v1/regions/", {"code": "X", "name": "X"}, content_type="application/json")
    assert response.status_code == 405


def test_an_unknown_region_page_is_a_404(cast: Cast, client: Client) -> None:
    assert client.get(reverse("regions:region", args=["NOPE"])).status_code == 404


def test_the_organisation_list_filters_by_kind_and_paginates(cast: Cast, client: Client) -> None:
    response = client.get(reverse("regions:organisations"), {"kind": "enforcement"})
    assert [o.name for o in response.context["page"]] == ["Politie Eenheid Amsterdam"]
    assert client.get(reverse("regions:organisations"), {"page": "999"}).status_code == 200


def test_the_api_schema_and_docs_are_served_without_a_cdn(client: Client) -> None:
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn." not in docs
    assert "unpkg" not in docs
