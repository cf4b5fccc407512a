"""Who reaches which data-collection page and API route: anonymous → login (401), a role without a part →
403, another region or another contributor → 404, the right person → 200."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from opvangnet.accounts.models import User
from opvangnet.collection.models import Contribution, Submission
from tests.collection.conftest import Collection
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def status_of(client: Client, user: User | None, url: str) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, collection: Collection) -> None:
    for url in (
        "/collection/",
        f"/collection/rounds/{collection.round.pk}/",
        f"/collection/forms/{collection.amsterdam.pk}/",
        f"/collection/contributions/{collection.amsterdam_municipal.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_roles_without_a_part_in_data_collection_are_refused(
    client: Client, cast: Cast, collection: Collection
) -> None:
    for user in (cast.carol, cast.paul, cast.ada, cast.ines, cast.bea, cast.rick):
        for url in (
            "/collection/",
            f"/collection/rounds/{collection.round.pk}/",
            f"/collection/forms/{collection.amsterdam.pk}/",
            f"/collection/contributions/{collection.amsterdam_municipal.pk}/",
            "/collection/definitions/",
        ):
            assert status_of(client, user, url) == 403, (user.username, url)


def test_a_coordinator_sees_the_own_regions_form_and_never_another_regions(
    client: Client, cast: Cast, collection: Collection
) -> None:
    own, other = collection.amsterdam, collection.rijnmond
    assert status_of(client, cast.alice, f"/collection/forms/{own.pk}/") == 200
    for suffix in ("", "history/", "template.xlsx", "upload/", "invite/"):
        assert status_of(client, cast.alice, f"/collection/forms/{other.pk}/{suffix}") == 404, suffix
    assert (
        status_of(client, cast.alice, f"/collection/contributions/{collection.rijnmond_municipal.pk}/") == 404
    )
    assert (
        status_of(client, cast.alice, f"/collection/contributions/{collection.amsterdam_municipal.pk}/")
        == 200
    )
    client.force_login(cast.alice)
    assert client.post(f"/collection/forms/{other.pk}/submit/").status_code == 404
    export = client.get(f"/collection/rounds/{collection.round.pk}/export.csv").content.decode()
    assert "VO04" not in export or "VO28" not in export


def test_a_contributor_sees_only_the_own_contribution(
    client: Client, cast: Cast, collection: Collection
) -> None:
    own = collection.amsterdam_municipal
    assert status_of(client, collection.gemma, f"/collection/contributions/{own.pk}/") == 200
    for other in (collection.diemen_municipal, collection.amsterdam_umbrella, collection.rijnmond_municipal):
        assert status_of(client, collection.gemma, f"/collection/contributions/{other.pk}/") == 404
    for url in (
        f"/collection/forms/{collection.amsterdam.pk}/",
        f"/collection/rounds/{collection.round.pk}/",
    ):
        assert status_of(client, collection.gemma, url) == 403
    listing = Client()
    listing.force_login(collection.gemma)
    page = listing.get("/collection/contributions/").content.decode()
    assert "Amsterdam" in page
    assert "Diemen" not in page
    assert "Rotterdam" not in page
    assert (
        status_of(client, collection.ulla, f"/collection/contributions/{collection.amsterdam_umbrella.pk}/")
        == 200
    )
    assert status_of(client, collection.ulla, f"/collection/contributions/{own.pk}/") == 404


def test_the_national_coordinator_sees_every_form_and_contribution(
    client: Client, cast: Cast, collection: Collection
) -> None:
    for submission in Submission.objects.all():
        assert status_of(client, cast.nina, f"/collection/forms/{submission.pk}/") == 200
    for contribution in Contribution.objects.all():
        assert status_of(client, cast.nina, f"/collection/contributions/{contribution.pk}/") == 200
    for url in (
        "/collection/",
        "/collection/rounds/new/",
        f"/collection/rounds/{collection.round.pk}/completeness/",
        "/collection/definitions/",
    ):
        assert status_of(client, cast.nina, url) == 200, url
    # Reviewing is not filling in: the region's own pages for changes answer 403.
    assert status_of(client, cast.nina, f"/collection/forms/{collection.amsterdam.pk}/upload/") == 403


def test_the_api_answers_401_403_and_404_like_the_pages(cast: Cast, collection: Collection) -> None:
    api = APIClient()
    url = "/api/v1/collection/data-value-sets"
    own: dict[str, Any] = {"submission": collection.amsterdam.pk}
    assert api.get(url, own).status_code == 401
    for user, query, expected in [
        (cast.paul, own, 403),
        (cast.carol, own, 403),
        (cast.alice, own, 200),
        (cast.alice, {"submission": collection.rijnmond.pk}, 404),
        (cast.alice, {"round": collection.round.pk, "region": "VO28"}, 404),
        (cast.bob, own, 404),
        (cast.nina, own, 200),
        (collection.gemma, {"contribution": collection.amsterdam_municipal.pk}, 200),
        (collection.gemma, {"contribution": collection.diemen_municipal.pk}, 404),
        (collection.gemma, {"contribution": collection.rijnmond_municipal.pk}, 404),
        (collection.gemma, own, 403),
        (collection.otto, {"contribution": collection.amsterdam_municipal.pk}, 404),
    ]:
        api.force_authenticate(user)
        assert api.get(url, query).status_code == expected, (user.username, query)
    api.force_authenticate(cast.alice)
    body = {
        "submission": collection.rijnmond.pk,
        "dataValues": [{"question": "municipal_signals", "value": 1}],
    }
    assert api.post(url, body, format="json").status_code == 404
    api.force_authenticate(collection.gemma)
    body = {
        "contribution": collection.diemen_municipal.pk,
        "dataValues": [{"question": "municipal_signals", "value": 1}],
    }
    assert api.post(url, body, format="json").status_code == 404
    api.force_authenticate(cast.alice)
    listed = api.get("/api/v1/collection/submissions/").json()["results"]
    assert [row["region"] for row in listed] == ["VO04"]
    api.force_authenticate(collection.gemma)
    listed = api.get("/api/v1/collection/contributions/").json()["results"]
    assert [row["id"] for row in listed] == [collection.amsterdam_municipal.pk]
    assert api.get("/api/v1/collection/submissions/").status_code == 403
