"""The dashboard's body is remembered while nothing changes and drawn again after any write."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def _load(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    return response.content.decode().split('id="key-heading"')[1], len(queries.captured_queries)


def test_the_dashboard_is_remembered_until_a_write_changes_it(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="Crisis A", places=5, free_places=2, occupied_places=3)
    make_request(cast.alice)
    client.force_login(cast.nina)
    first, first_queries = _load(client)
    again, again_queries = _load(client)
    assert again == first
    assert again_queries < first_queries / 2  # the figures were not worked out again

    make_request(cast.alice)  # any service's write (here a new request) gives a new key
    after, _queries = _load(client)
    assert after != first
