"""Every identification page and API endpoint for every role: anonymous → login (401 in the API), wrong role
→ 403, out of scope → 404, right role → 200. The README's `## Access` table says the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import User
from opvangnet.identification import services
from opvangnet.identification.models import Application, Case, Consultation, IndTransmission
from tests.identification.builders import conclude, make_application, make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@dataclass
class Scenario:
    users: dict[str, User]
    case_a: Case  # rick's application (police), committee ada (chair), olga, tess; under investigation
    application_b: Application  # alice's application, no committee yet
    case_c: Case  # rick's application, committee sam (chair), uma, vic; opinion given and sent to the IND
    transmission: IndTransmission
    consultation: Consultation  # asked by carol


@pytest.fixture
def scenario(cast: Cast, team: Team) -> Scenario:
    case_a = make_case(
        cast.nina, cast.rick, team.ada, team.olga, team.tess, consents=["assessment", "ind_status"]
    )
    application_b = make_application(cast.alice)
    consents = ["assessment", "ind_status", "ind_opinion", "referrer_outcome"]
    case_c = make_case(cast.nina, cast.rick, team.sam, team.uma, team.vic, consents=consents)
    conclude(case_c, cast.nina, team.sam, team.uma, team.vic)
    transmission = services.transmit_to_ind(cast.nina, case_c)
    consultation = services.ask_consultation(cast.carol, exploitation_types=["sexual"], question="Wat nu?")
    users = {user.username: user for user in [*cast.everyone(), team.olga, team.sam]}
    return Scenario(users, case_a, application_b, case_c, transmission, consultation)


USERS = ["anon", "alice", "bob", "carol", "dave", "nina", "paul", "ada", "sam", "ines", "bea", "rick"]


def spec(text: str) -> dict[str, int]:
    """'alice=200 bob=404 …': one expected status per user; every user must be named."""
    expected = {name: int(status) for name, status in (item.split("=") for item in text.split())}
    assert sorted(expected) == sorted(USERS), text
    return expected


Url = Callable[[Scenario], str]
ALL_REFERRERS = (
    "alice=200 bob=200 carol=200 dave=200 nina=200 paul=403 ada=200 sam=200 ines=403 bea=403 rick=200"
)
CASE_A = "alice=403 bob=403 carol=403 dave=403 nina=200 paul=403 ada=200 sam=404 ines=403 bea=403 rick=403"
MANAGER_ON_A = (
    "alice=403 bob=403 carol=403 dave=403 nina=200 paul=403 ada=403 sam=404 ines=403 bea=403 rick=403"
)
CHAIR_OR_MANAGER_ON_A = (
    "alice=403 bob=403 carol=403 dave=403 nina=200 paul=403 ada=200 sam=404 ines=403 bea=403 rick=403"
)
CHAIR_ON_A = (
    "alice=403 bob=403 carol=403 dave=403 nina=403 paul=403 ada=200 sam=404 ines=403 bea=403 rick=403"
)
IND_ONLY = "alice=403 bob=403 carol=403 dave=403 nina=403 paul=403 ada=403 sam=403 ines=200 bea=403 rick=403"


def a(name: str, *extra: Callable[[Scenario], object]) -> Url:
    return lambda s: reverse(f"identification:{name}", args=[s.case_a.application_id, *(f(s) for f in extra)])


def c(name: str) -> Url:
    return lambda s: reverse(f"identification:{name}", args=[s.case_a.pk])


# (name, url, expected statuses) — all GET
PAGES: list[tuple[str, Url, str]] = [
    ("application list", lambda s: reverse("identification:applications"), "anon=302 " + ALL_REFERRERS),
    (
        "submit",
        lambda s: reverse("identification:submit"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=403 sam=403 ines=403 bea=403 rick=200",
    ),
    (
        "police application",
        a("application"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=200",
    ),
    (
        "coordinator application",
        lambda s: reverse("identification:application", args=[s.application_b.pk]),
        "anon=302 alice=200 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=404 sam=404 ines=403 bea=403 rick=404",
    ),
    (
        "form committee",
        lambda s: reverse("identification:form_committee", args=[s.application_b.pk]),
        "anon=302 alice=403 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=404 sam=404 ines=403 bea=403 rick=404",
    ),
    (
        "record consent",
        a("consent_add"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "withdraw consent",
        a("consent_withdraw", lambda s: s.case_a.application.consents.earliest("pk").pk),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "add representative",
        a("representative_add"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "record reflection period",
        a("reflection_period"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=200",
    ),
    (
        "age",
        a("age"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "withdraw application",
        a("withdraw"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "access-request export",
        a("export"),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "case list",
        lambda s: reverse("identification:cases"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=403",
    ),
    (
        "deadlines",
        lambda s: reverse("identification:dashboard"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=403",
    ),
    ("case", c("case"), "anon=302 " + CASE_A),
    ("person data", c("person"), "anon=302 " + CASE_A),
    ("files", c("attachments"), "anon=302 " + CASE_A),
    ("own view", c("assess"), "anon=302 " + CHAIR_ON_A),
    ("plan hearing", c("hearing_plan"), "anon=302 " + MANAGER_ON_A),
    ("hearing declined", c("hearing_waive"), "anon=302 " + MANAGER_ON_A),
    ("adjourn", c("adjourn"), "anon=302 " + CHAIR_OR_MANAGER_ON_A),
    ("preliminary opinion", c("preliminary_opinion"), "anon=302 " + CHAIR_ON_A),
    ("draft opinion", c("draft_opinion"), "anon=302 " + CHAIR_ON_A),
    ("opinion", c("opinion"), "anon=302 " + CHAIR_ON_A),
    ("reassessment", c("reassessment"), "anon=302 " + MANAGER_ON_A),
    ("reassessment committee", c("reassessment_committee"), "anon=302 " + MANAGER_ON_A),
    ("send to the IND", c("transmit"), "anon=302 " + MANAGER_ON_A),
    ("IND overview", lambda s: reverse("identification:ind"), "anon=302 " + IND_ONLY),
    (
        "IND assessment",
        lambda s: reverse("identification:ind_application", args=[s.case_a.application_id]),
        "anon=302 " + IND_ONLY,
    ),
    (
        "IND PDF",
        lambda s: reverse("identification:ind_pdf", args=[s.transmission.pk]),
        "anon=302 " + IND_ONLY,
    ),
    (
        "IND record",
        lambda s: reverse("identification:ind_record", args=[s.transmission.pk]),
        "anon=302 " + IND_ONLY,
    ),
    (
        "report",
        lambda s: reverse("identification:report"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=200 ada=403 sam=403 ines=403 bea=403 rick=403",
    ),
    (
        "processing register",
        lambda s: reverse("identification:privacy"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=200 ada=200 sam=200 ines=200 bea=200 rick=200",
    ),
    (
        "consultation list",
        lambda s: reverse("identification:consultations"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=200",
    ),
    (
        "ask consultation",
        lambda s: reverse("identification:ask"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=403 sam=403 ines=403 bea=403 rick=200",
    ),
    (
        "consultation",
        lambda s: reverse("identification:consultation", args=[s.consultation.pk]),
        "anon=302 alice=404 bob=404 carol=200 dave=404 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=404",
    ),
]

API: list[tuple[str, str, Url, str]] = [
    (
        "application list",
        "get",
        lambda s: "/api/v1/identification/applications/",
        "anon=401 " + ALL_REFERRERS,
    ),
    (
        "application",
        "get",
        lambda s: f"/api/v1/identification/applications/{s.case_a.application_id}/",
        "anon=401 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=200",
    ),
    (
        "submit application",
        "post",
        lambda s: "/api/v1/identification/applications/",
        "anon=401 alice=400 bob=400 carol=400 dave=400 nina=400 "
        "paul=403 ada=403 sam=403 ines=403 bea=403 rick=201",
    ),
    (
        "case list",
        "get",
        lambda s: "/api/v1/identification/cases/",
        "anon=401 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=403",
    ),
    ("case", "get", lambda s: f"/api/v1/identification/cases/{s.case_a.pk}/", "anon=401 " + CASE_A),
    ("IND status", "get", lambda s: "/api/v1/identification/ind-status/", "anon=401 " + IND_ONLY),
    (
        "IND transmissions",
        "get",
        lambda s: "/api/v1/identification/ind-transmissions/",
        "anon=401 " + IND_ONLY,
    ),
    (
        "IND transmission",
        "get",
        lambda s: f"/api/v1/identification/ind-transmissions/{s.transmission.pk}/",
        "anon=401 " + IND_ONLY,
    ),
    (
        "IND transmission PDF",
        "get",
        lambda s: f"/api/v1/identification/ind-transmissions/{s.transmission.pk}/pdf/",
        "anon=401 " + IND_ONLY,
    ),
]

# An application by the police over the API: valid for rick; others may not apply as police (400).
POLICE_APPLICATION = {
    "referrer_kind": "police",
    "exploitation_types": ["labour"],
    "nationality_status": "third_country",
    "age_status": "adult",
    "consent_given_on": "2025-01-06",
    "name": "Api Fictief",
}


def check(client: Client, scenario: Scenario, method: str, url: Url, expected: str) -> None:
    failures = []
    for username, status in spec(expected).items():
        client.logout()
        if username != "anon":
            client.force_login(scenario.users[username])
        target = url(scenario)
        if method == "get":
            response = client.get(target)
        else:
            response = client.post(target, POLICE_APPLICATION, content_type="application/json")
        if response.status_code != status:
            failures.append(f"{username}: {response.status_code} (expected {status})")
        if username == "anon" and status == 302:
            assert response["Location"].startswith(reverse("accounts:login"))
    assert not failures, failures


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[row[0] for row in PAGES])
def test_every_page_answers_each_role_as_designed(
    scenario: Scenario, client: Client, name: str, url: Url, expected: str
) -> None:
    check(client, scenario, "get", url, expected)


@pytest.mark.parametrize(("name", "method", "url", "expected"), API, ids=[row[0] for row in API])
def test_every_api_endpoint_answers_each_role_as_designed(
    scenario: Scenario, client: Client, name: str, method: str, url: Url, expected: str
) -> None:
    check(client, scenario, method, url, expected)


def test_the_administrator_reaches_the_checklist_in_the_admin_but_no_case_content(
    scenario: Scenario, client: Client
) -> None:
    client.force_login(scenario.users["bea"])
    assert client.get(reverse("admin:identification_checklistversion_changelist")).status_code == 200
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/identification/checklistversion/" in index
    for model in ("case", "application", "persondata", "assessment", "opinion", "consent"):
        assert f"/admin/identification/{model}/" not in index
        assert client.get(f"/admin/identification/{model}/").status_code == 404


def test_the_policy_maker_sees_only_suppressed_aggregates(scenario: Scenario, client: Client) -> None:
    client.force_login(scenario.users["paul"])
    response = client.get(reverse("identification:report"))
    assert response.context["report"].suppressed is True
    page = response.content.decode()
    for secret in ("Testpersoon", scenario.case_a.reference, scenario.case_c.reference, "Joint reasons"):
        assert secret not in page
    client.force_login(scenario.users["nina"])
    assert client.get(reverse("identification:report")).context["report"].suppressed is False
