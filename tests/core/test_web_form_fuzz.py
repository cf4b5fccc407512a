"""The web forms outside identification, fuzzed: any text in any field (huge numbers, floats, control
characters, lists where one value is expected) gives a page or a redirect with a message, never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opvangnet.placement import services
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db

_value = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", "0", "1", "-1", "1e20", "9" * 40, "2026-02-30", "99999-01-01", "²", "\x00", "crisis"]
    ),
)


def _form(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    values = st.one_of(_value, st.lists(_value, max_size=3))
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))


FUZZ = settings(
    max_examples=15,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

INTAKE = ["region", "care_type", "exploitation", "gender", "age", "with_children", "needs", "languages",
          "security", "avoid_regions", "urgency"]  # fmt: skip
OFFER = ["location", "name", "care_type", "exploitation", "genders", "min_age", "max_age", "children_allowed",
         "needs", "languages", "security_level", "places", "admission_criteria", "contact_name",
         "contact_phone", "contact_email", "active"]  # fmt: skip


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@FUZZ
@given(data=_form(["offer-{pk}-free_places", "offer-{pk}-occupied_places", "offer-{pk}-waiting_list"]))
def test_the_availability_form(cast: Cast, data: dict[str, Any]) -> None:
    offer = make_offer(cast.secret_a)
    body = {key.format(pk=offer.pk): value for key, value in data.items()}
    response = _client(cast.carol).post(f"/capacity/offers/{offer.pk}/availability/", body)
    assert response.status_code < 500


@FUZZ
@given(data=_form(OFFER))
def test_the_offer_form(cast: Cast, data: dict[str, Any]) -> None:
    assert _client(cast.carol).post("/capacity/offers/new/", data).status_code < 500


@FUZZ
@given(data=_form(INTAKE))
def test_the_intake_form_and_its_live_candidates(cast: Cast, data: dict[str, Any]) -> None:
    client = _client(cast.alice)
    assert client.post("/placement/new/", data).status_code < 500
    assert client.get("/placement/new/candidates/", data).status_code < 500


@FUZZ
@given(data=_form(["reason", "reason_text", "intake_date", "exit_date", "destination", "pair"]))
def test_the_placement_action_forms(cast: Cast, data: dict[str, Any]) -> None:
    offer = make_offer(cast.secret_a)
    placement = make_request(cast.alice)
    proposal = services.propose(cast.alice, placement, offer)
    coordinator, provider = _client(cast.alice), _client(cast.carol)
    for path in ("cancel", "client-declined", "intake", "exit"):
        assert coordinator.post(f"/placement/requests/{placement.pk}/{path}/", data).status_code < 500
    assert coordinator.post("/placement/assign/", data).status_code < 500
    assert provider.post(f"/placement/proposals/{proposal.pk}/decline/", data).status_code < 500


@FUZZ
@given(data=_form(["start", "end", "breakdown", "region", "care_type", "exploitation", "gender", "age",
                   "need", "free", "page", "suggest"]))  # fmt: skip
def test_the_filters_of_lists_and_reports(cast: Cast, data: dict[str, Any]) -> None:
    make_offer(cast.secret_a)
    nina = _client(cast.nina)
    for path in (
        "/capacity/",
        "/capacity/print/",
        "/capacity/export.csv",
        "/placement/",
        "/placement/refusals/",
    ):
        assert nina.get(path, data).status_code < 500, path
    assert Client(raise_request_exception=False).get("/capacity/", data).status_code < 500
