"""Every identification page and API endpoint for every role: anonymous → login (401 in the API), wrong role
→ 403, out of scope → 404, right role → 200. Then what police, IND and policy makers actually get to see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import User
from opvangnet.identification import services
from opvangnet.identification.models import Case, Consultation, Outcome, Referral
from tests.identification.builders import FAKE_NAME, decide, make_case, make_referral
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@dataclass
class Scenario:
    users: dict[str, User]
    case_a: Case  # police referral by rick, panel ada + olga, awaiting the first decision, B8/3
    referral_b: Referral  # self-referral entered by alice, no case yet
    case_c: Case  # police referral by rick, panel sam + tess, positive first decision sent to the IND
    consultation: Consultation  # asked by carol


@pytest.fixture
def scenario(cast: Cast, team: Team) -> Scenario:
    case_a = make_case(cast.nina, cast.rick, team.ada, team.olga)
    referral_b = make_referral(
        cast.alice,
        referrer_kind="self",
        consent_basis="written_consent",
        consent_purpose="Vaststelling",
        consent_recipients="Beoordelaars",
        consent_given_on="2025-03-01",
        b83_applicable=False,
    )
    case_c = make_case(cast.nina, cast.rick, team.sam, team.tess)
    decide(case_c, team.sam, team.tess, Outcome.PLAUSIBLE)
    consultation = services.ask_consultation(cast.carol, exploitation_types=["sexual"], question="Wat nu?")
    users = {user.username: user for user in [*cast.everyone(), team.olga, team.sam, team.tess]}
    return Scenario(users, case_a, referral_b, case_c, consultation)


USERS = ["anon", "alice", "bob", "carol", "dave", "nina", "paul", "ada", "sam", "ines", "bea", "rick"]


def spec(text: str) -> dict[str, int]:
    """'alice=200 bob=404 …': one expected status per user; every user must be named."""
    expected = {name: int(status) for name, status in (item.split("=") for item in text.split())}
    assert sorted(expected) == sorted(USERS), text
    return expected


Url = Callable[[Scenario], str]

# (name, method, url, expected statuses)
PAGES: list[tuple[str, str, Url, str]] = [
    (
        "referral list",
        "get",
        lambda s: reverse("identification:referrals"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=200",
    ),
    (
        "refer",
        "get",
        lambda s: reverse("identification:refer"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=403 sam=403 ines=403 bea=403 rick=200",
    ),
    (
        "police referral",
        "get",
        lambda s: reverse("identification:referral", args=[s.case_a.referral_id]),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=200",
    ),
    (
        "coordinator referral",
        "get",
        lambda s: reverse("identification:referral", args=[s.referral_b.pk]),
        "anon=302 alice=200 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=404 sam=404 ines=403 bea=403 rick=404",
    ),
    (
        "open case",
        "get",
        lambda s: reverse("identification:open_case", args=[s.referral_b.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=403 sam=403 ines=403 bea=403 rick=403",
    ),
    (
        "request reconsideration",
        "get",
        lambda s: reverse("identification:reconsider", args=[s.case_a.referral_id]),
        "anon=302 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=200",
    ),
    (
        "case list",
        "get",
        lambda s: reverse("identification:cases"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=403",
    ),
    (
        "deadline dashboard",
        "get",
        lambda s: reverse("identification:dashboard"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=403",
    ),
    (
        "case",
        "get",
        lambda s: reverse("identification:case", args=[s.case_a.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "person data",
        "get",
        lambda s: reverse("identification:person", args=[s.case_a.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "assessment",
        "get",
        lambda s: reverse("identification:assess", args=[s.case_a.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=403 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "decision",
        "get",
        lambda s: reverse("identification:decide", args=[s.case_a.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=403 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "start final stage",
        "post",
        lambda s: reverse("identification:final_stage", args=[s.case_c.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=302 "
        "paul=403 ada=404 sam=403 ines=403 bea=403 rick=403",
    ),
    (
        "withdraw",
        "get",
        lambda s: reverse("identification:withdraw", args=[s.case_a.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "reconsideration panel",
        "get",
        lambda s: reverse("identification:reconsideration_panel", args=[s.case_a.pk]),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=403 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "IND outcomes",
        "get",
        lambda s: reverse("identification:ind"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=403 "
        "paul=403 ada=403 sam=403 ines=200 bea=403 rick=403",
    ),
    (
        "report",
        "get",
        lambda s: reverse("identification:report"),
        "anon=302 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=200 ada=403 sam=403 ines=403 bea=403 rick=403",
    ),
    (
        "consultation list",
        "get",
        lambda s: reverse("identification:consultations"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=200",
    ),
    (
        "ask consultation",
        "get",
        lambda s: reverse("identification:ask"),
        "anon=302 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=403 sam=403 ines=403 bea=403 rick=200",
    ),
    (
        "consultation",
        "get",
        lambda s: reverse("identification:consultation", args=[s.consultation.pk]),
        "anon=302 alice=404 bob=404 carol=200 dave=404 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=404",
    ),
]

API: list[tuple[str, str, Url, str]] = [
    (
        "referral list",
        "get",
        lambda s: "/api/v1/identification/referrals/",
        "anon=401 alice=200 bob=200 carol=200 dave=200 nina=200 "
        "paul=403 ada=200 sam=200 ines=403 bea=403 rick=200",
    ),
    (
        "referral",
        "get",
        lambda s: f"/api/v1/identification/referrals/{s.case_a.referral_id}/",
        "anon=401 alice=404 bob=404 carol=404 dave=404 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=200",
    ),
    (
        "create referral",
        "post",
        lambda s: "/api/v1/identification/referrals/",
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
    (
        "case",
        "get",
        lambda s: f"/api/v1/identification/cases/{s.case_a.pk}/",
        "anon=401 alice=403 bob=403 carol=403 dave=403 nina=200 "
        "paul=403 ada=200 sam=404 ines=403 bea=403 rick=403",
    ),
    (
        "IND outcomes",
        "get",
        lambda s: "/api/v1/identification/ind-outcomes/",
        "anon=401 alice=403 bob=403 carol=403 dave=403 nina=403 "
        "paul=403 ada=403 sam=403 ines=200 bea=403 rick=403",
    ),
]

# A police referral over the API: valid for rick; others may not refer as police (400 from the service).
POLICE_REFERRAL = {
    "referrer_kind": "police",
    "exploitation_types": ["labour"],
    "consent_basis": "legal_basis",
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
            response = client.post(target, POLICE_REFERRAL, content_type="application/json")
        if response.status_code != status:
            failures.append(f"{username}: {response.status_code} (expected {status})")
        if username == "anon" and status == 302:
            assert response["Location"].startswith(reverse("accounts:login"))
    assert not failures, failures


@pytest.mark.parametrize(("name", "method", "url", "expected"), PAGES, ids=[row[0] for row in PAGES])
def test_every_page_answers_each_role_as_designed(
    scenario: Scenario, client: Client, name: str, method: str, url: Url, expected: str
) -> None:
    check(client, scenario, method, url, expected)


@pytest.mark.parametrize(("name", "method", "url", "expected"), API, ids=[row[0] for row in API])
def test_every_api_endpoint_answers_each_role_as_designed(
    scenario: Scenario, client: Client, name: str, method: str, url: Url, expected: str
) -> None:
    check(client, scenario, method, url, expected)


# --- what police, the IND and policy makers see -------------------------------------------------------------


def test_the_police_see_the_status_of_their_referral_and_nothing_of_the_person_or_the_reasons(
    scenario: Scenario, client: Client
) -> None:
    client.force_login(scenario.users["rick"])
    page = client.get(reverse("identification:referral", args=[scenario.case_c.referral_id])).content.decode()
    assert "Plausibly a victim" in page or "Aannemelijk slachtoffer" in page
    for secret in (FAKE_NAME, "Joint reasons", "paspoort ingenomen", "Opinion of"):
        assert secret not in page
    rows = client.get("/api/v1/identification/referrals/").json()["results"]
    assert {row["id"] for row in rows} == {scenario.case_a.referral_id, scenario.case_c.referral_id}
    assert all(
        set(row) >= {"status", "decisions"} and "name" not in row and "summary" not in row for row in rows
    )
    assert "investigation" not in page.lower()
    assert "opsporing" not in page.lower()


def test_the_ind_sees_outcome_and_dates_only(scenario: Scenario, client: Client) -> None:
    client.force_login(scenario.users["ines"])
    page = client.get(reverse("identification:ind")).content.decode()
    assert scenario.case_c.reference in page
    assert scenario.case_a.reference not in page  # no decision yet: nothing sent
    for secret in (FAKE_NAME, "Joint reasons", "paspoort", "Opinion of", "sam", "tess"):
        assert secret not in page
    rows = client.get("/api/v1/identification/ind-outcomes/").json()["results"]
    assert len(rows) == 1
    assert set(rows[0]) == {
        "id",
        "reference",
        "stage",
        "outcome",
        "decided_at",
        "reflection_start",
        "reflection_end",
        "sent_at",
    }


def test_the_policy_maker_sees_only_suppressed_aggregates(scenario: Scenario, client: Client) -> None:
    client.force_login(scenario.users["paul"])
    response = client.get(reverse("identification:report"))
    page = response.content.decode()
    assert response.context["report"].suppressed is True
    assert "&lt;5" in page
    for secret in (FAKE_NAME, scenario.case_a.reference, scenario.case_c.reference, "Joint reasons"):
        assert secret not in page
    client.force_login(scenario.users["nina"])
    assert client.get(reverse("identification:report")).context["report"].suppressed is False


def test_the_administrator_reaches_the_checklist_in_the_admin_but_no_case_content(
    scenario: Scenario, client: Client
) -> None:
    client.force_login(scenario.users["bea"])
    assert client.get(reverse("admin:identification_checklistversion_changelist")).status_code == 200
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/identification/checklistversion/" in index
    for model in ("case", "referral", "persondata", "assessment", "decision"):
        assert f"/admin/identification/{model}/" not in index
        assert client.get(f"/admin/identification/{model}/").status_code == 404
