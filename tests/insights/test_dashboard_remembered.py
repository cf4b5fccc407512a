"""The picture's pages remember their body while nothing changes, and draw it again after a write."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def _load(client: Client, page: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(page), {"figure": "requests"} if page == "insights:map" else {})
    assert response.status_code == 200
    # What follows the period form: the remembered body (the page's forms above it carry a fresh token).
    return response.content.decode().split("</form>")[-1], len(queries.captured_queries)


@pytest.mark.parametrize("page", ["insights:dashboard", "insights:gaps", "insights:map"])
def test_a_page_of_the_picture_is_remembered_until_a_write_changes_it(
    cast: Cast, client: Client, page: str
) -> None:
    make_offer(cast.secret_a, name="Crisis A", places=5, free_places=2, occupied_places=3)
    make_request(cast.alice)
    client.force_login(cast.nina)
    first, first_queries = _load(client, page)
    again, again_queries = _load(client, page)
    assert again == first
    assert again_queries < first_queries / 2  # the figures were not worked out again

    for _ in range(6):  # any service's write (here new requests) gives a new key
        make_request(cast.alice)
    after, _queries = _load(client, page)
    assert after != first
