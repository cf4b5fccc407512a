"""No 5xx on any input in the identification pages and API: bounds, non-numeric or huge ids → 404, parser
errors → 400, impossible dates and lengths → a form error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.identification.models import Application, Case
from tests.identification.builders import make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/identification/applications/abc/",
        f"/api/v1/identification/applications/{HUGE}/",
        "/api/v1/identification/cases/1.5/",
        f"/api/v1/identification/cases/{HUGE}/",
        "/api/v1/identification/ind-transmissions/%00/",
        f"/identification/applications/{HUGE}/",
        f"/identification/cases/{HUGE}/",
        "/identification/cases/abc/",
    ],
)
def test_ids_that_are_not_a_row_answer_404(cast: Cast, client: Client, url: str) -> None:
    client.force_login(cast.nina)
    assert client.get(url).status_code == 404


def test_a_file_download_for_ids_that_are_no_rows_answers_404(cast: Cast, client: Client) -> None:
    client.force_login(cast.nina)
    url = f"/identification/cases/{HUGE}/attachments/{HUGE}/"
    assert client.post(url, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        f"?limit={HUGE}&offset={HUGE}",
        "?limit=-1&offset=-5",
        "?limit=abc",
        "?page=abc",
        f"?page={HUGE}",
    ],
)
def test_page_limits_and_offsets_are_capped(cast: Cast, team: Team, client: Client, query: str) -> None:
    make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    client.force_login(cast.nina)
    for base in (
        "/api/v1/identification/applications/",
        "/api/v1/identification/cases/",
        "/identification/cases/",
    ):
        assert client.get(base + query).status_code == 200, base + query


def test_broken_or_deeply_nested_json_is_a_400(cast: Cast, client: Client) -> None:
    client.force_login(cast.rick)
    url = "/api/v1/identification/applications/"
    assert client.post(url, "{not json", content_type="application/json").status_code == 400
    assert client.post(url, "[" * 100_000, content_type="application/json").status_code == 400
    payload = {"referrer_kind": "police", "exploitation_types": ["labour"] * 50, "nationality_status": "x"}
    assert client.post(url, payload, content_type="application/json").status_code == 400
    too_long = {
        "referrer_kind": "police",
        "exploitation_types": ["labour"],
        "nationality_status": "third_country",
        "age_status": "adult",
        "consent_given_on": "2025-01-06",
        "name": "x" * 10_000,
    }
    assert client.post(url, too_long, content_type="application/json").status_code == 400
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("application-consent_given_on", "10000-01-01"),
        ("application-consent_given_on", "1850-01-01"),
        ("application-consent_given_on", "2999-12-31"),
        ("person-date_of_birth", "2999-01-01"),
        ("application-summary", "x" * 30_000),
        ("application-exploitation_types", "slavery"),
    ],
)
def test_impossible_values_on_the_application_form_are_form_errors(
    cast: Cast, client: Client, field: str, value: str
) -> None:
    data = {
        "application-applicant_kind": "referrer",
        "application-referrer_kind": "police",
        "application-exploitation_types": "labour",
        "application-nationality_status": "third_country",
        "application-age_status": "adult",
        "application-urgency": "normal",
        "application-consent_given_on": "2025-01-06",
        "application-consent_given_by": "person",
        "person-name": "Formulier Fictief",
    }
    data[field] = value
    client.force_login(cast.rick)
    response = client.post(reverse("identification:submit"), data)
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_a_hearing_planned_in_the_past_or_far_future_is_a_form_error(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    client.force_login(cast.nina)
    url = reverse("identification:hearing_plan", args=[case.pk])
    for moment in ("2001-01-01T10:00", "9999-12-31T10:00", "not a date"):
        response = client.post(url, {"planned_for": moment, "place": "Utrecht"})
        assert response.status_code == 200
    assert Case.objects.get().state == "investigation"


def test_a_report_period_that_makes_no_sense_falls_back_to_this_year(cast: Cast, client: Client) -> None:
    client.force_login(cast.nina)
    for query in (
        "?start=2025-12-01&end=2025-01-01",
        "?start=1&end=2",
        f"?start={HUGE}",
        "?start=0001-01-01&end=9999-12-31",
    ):
        response = client.get(reverse("identification:report") + query)
        assert response.status_code == 200
