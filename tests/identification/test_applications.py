"""The person as applicant: an application needs their written consent (their legal representative's under
16 or with a disputed age), records the lawyer, interpreter and guardian, keeps consents per purpose that
can be withdrawn, records the reflection period as a fact granted by police or KMar, and settles a disputed
age."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.identification import services
from opvangnet.identification.models import Application, Consent, ReflectionPeriod
from tests.identification.builders import CONSENT_DAY, FAKE_NAME, make_application
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db
GUARDIAN = services.RepresentativeInput("guardian", "Voogd Fictief", "Nidos")


def test_who_may_bring_an_application_in_follows_the_permissions(cast: Cast, team: Team) -> None:
    assert services.allowed_referrer_kinds(cast.rick) == ["police", "kmar", "labour_inspectorate"]
    assert services.allowed_referrer_kinds(cast.alice) == ["care_coordinator"]
    assert services.allowed_referrer_kinds(cast.carol) == ["care_provider"]
    assert services.allowed_referrer_kinds(cast.nina) == ["national_coordination", "self", "other"]
    assert services.allowed_applicant_kinds(cast.rick) == ["referrer"]
    assert services.allowed_applicant_kinds(cast.nina) == ["person", "lawyer", "referrer"]
    with pytest.raises(ValidationError):
        make_application(cast.alice, referrer_kind="police")
    with pytest.raises(PermissionDenied):
        make_application(team.ada, referrer_kind="other")


def test_an_application_records_the_person_the_consent_and_an_audit_entry_without_person_data(
    cast: Cast,
) -> None:
    application = make_application(cast.rick, consents=["assessment", "ind_status"])
    assert application.reference.startswith("AV-")
    assert application.person.name == FAKE_NAME
    assert application.active_consents() == {"assessment", "ind_status"}
    assert all(c.given_on == CONSENT_DAY for c in application.consents.all())
    entry = AuditEntry.objects.get(action="identification.submit_application")
    assert entry.details == {
        "applicant": "referrer",
        "referrer": "police",
        "consents": ["assessment", "ind_status"],
    }
    assert FAKE_NAME not in str(entry.details)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_given_on": None}, "toestemming"),
        ({"consent_given_on": dt.date(2999, 1, 1)}, "toestemming"),
        ({"age_status": "minor_under_16", "representatives": [GUARDIAN]}, "voogd of ouder toestemming"),
        ({"age_status": "minor_16_17"}, "voogd of ouder met gezag"),
        ({"applicant_kind": "lawyer"}, "mogelijkheden"),
        ({"other_consents": ["medical"], "medical_authorisation_on": None}, "machtiging"),
    ],
)
def test_an_application_without_what_the_law_asks_is_refused(
    cast: Cast, overrides: dict, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        make_application(cast.rick, **overrides)
    assert not Application.objects.exists()


def test_for_a_minor_under_16_the_guardian_consents(cast: Cast, team: Team) -> None:
    application = make_application(
        cast.rick,
        age_status="minor_under_16",
        representatives=[GUARDIAN],
        consent_given_by="legal_representative",
    )
    assert application.consents.get().given_by == "legal_representative"
    assert application.is_minor()


def test_the_secretariat_registers_an_application_by_the_lawyer(cast: Cast) -> None:
    lawyer = services.RepresentativeInput("lawyer", "Mr. Fictief", "Kantoor Voorbeeld")
    application = make_application(
        cast.nina, applicant_kind="lawyer", referrer_kind="other", representatives=[lawyer]
    )
    assert application.applicant_kind == "lawyer"
    assert application.representatives.get().kind == "lawyer"


def test_consents_are_per_purpose_withdrawable_and_renewable(cast: Cast) -> None:
    application = make_application(cast.rick, consents=["assessment", "referrer_outcome"])
    consent = application.consents.get(purpose="referrer_outcome")
    services.withdraw_consent(cast.nina, consent, CONSENT_DAY)
    application.forget_consents()
    assert application.active_consents() == {"assessment"}
    with pytest.raises(ValidationError):
        services.withdraw_consent(cast.nina, consent, CONSENT_DAY)
    services.record_consent(
        cast.nina, application, services.ConsentInput("referrer_outcome", "person", CONSENT_DAY)
    )
    with pytest.raises(ValidationError, match="al toestemming"):
        services.record_consent(
            cast.nina, application, services.ConsentInput("referrer_outcome", "person", CONSENT_DAY)
        )
    assert Consent.objects.filter(application=application, purpose="referrer_outcome").count() == 2
    with pytest.raises(PermissionDenied):
        services.withdraw_consent(cast.rick, consent, CONSENT_DAY)


def test_the_reflection_period_is_a_fact_recorded_by_police_at_most_three_months(
    cast: Cast, client: Client
) -> None:
    application = make_application(cast.rick)
    start = dt.date(2025, 1, 15)
    with pytest.raises(ValidationError, match="15 april 2025"):
        services.record_reflection_period(
            cast.rick,
            application,
            granted_by="police",
            granting_unit="",
            starts_on=start,
            ends_on=dt.date(2025, 4, 16),
        )
    dublin = make_application(cast.rick, dublin=True)
    with pytest.raises(ValidationError, match="14 februari 2025"):
        services.record_reflection_period(
            cast.rick,
            dublin,
            granted_by="kmar",
            granting_unit="",
            starts_on=start,
            ends_on=dt.date(2025, 3, 1),
        )
    client.force_login(cast.rick)
    response = client.post(
        reverse("identification:reflection_period", args=[application.pk]),
        {"granted_by": "police", "granting_unit": "AVIM", "starts_on": "2025-01-15", "ends_on": "2025-04-15"},
    )
    assert response.status_code == 302
    period = ReflectionPeriod.objects.get()
    assert (period.granted_by, period.recorded_by, period.ends_on) == (
        "police",
        cast.rick,
        dt.date(2025, 4, 15),
    )
    with pytest.raises(PermissionDenied):
        services.record_reflection_period(
            cast.alice, application, granted_by="police", granting_unit="", starts_on=start, ends_on=start
        )


def test_a_disputed_age_is_treated_as_a_minor_until_settled(cast: Cast) -> None:
    application = make_application(cast.rick, representatives=[GUARDIAN])
    services.determine_age(
        cast.nina, application, "disputed", "Twijfel bij intake; leeftijdsonderzoek gevraagd."
    )
    application.refresh_from_db()
    assert application.is_minor()
    assert application.needs_legal_representative_consent()
    with pytest.raises(ValidationError, match="voogd of ouder toestemming"):
        services.record_consent(
            cast.nina, application, services.ConsentInput("third_parties", "person", CONSENT_DAY)
        )
    services.determine_age(cast.nina, application, "adult", "Leeftijdsonderzoek: meerderjarig.")
    application.refresh_from_db()
    assert not application.is_minor()
    assert list(application.age_determinations.values_list("new_status", flat=True)) == ["disputed", "adult"]


def test_the_api_takes_an_application_from_the_police_with_the_persons_consent(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.rick)
    payload = {
        "referrer_kind": "police",
        "exploitation_types": ["labour"],
        "nationality_status": "third_country",
        "age_status": "adult",
        "consent_given_on": "2025-01-06",
        "other_consents": ["ind_status"],
        "name": "Api Fictief",
    }
    response = client.post("/api/v1/identification/applications/", payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "in_progress"
    assert body["outcome"] is None
    assert "name" not in body
    assert Application.objects.get().active_consents() == {"assessment", "ind_status"}
    del payload["consent_given_on"]
    assert (
        client.post(
            "/api/v1/identification/applications/", payload, content_type="application/json"
        ).status_code
        == 400
    )
