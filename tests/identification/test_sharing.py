"""Acceptance 2 and 3 of issue 15: the IND sees only what the person consented to, through a logged
transmission; a referrer sees only "in progress" or "completed" unless the person consented to more. And the
B8/3 regulation covers every foreign national it should."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.identification import services
from opvangnet.identification.models import Application, Case, IndTransmission, NationalityStatus
from tests.identification.builders import FAKE_NAME, SUMMARY, conclude, make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db

SECRETS = (FAKE_NAME, "Joint reasons", SUMMARY, "Verslag van het horen", "View of", "1234567890")


def concluded(cast: Cast, team: Team, consents: list[str], **overrides: object) -> Case:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess, consents=consents, **overrides)
    conclude(case, cast.nina, team.ada, team.olga, team.tess)
    return case


def ind_sees(client: Client, cast: Cast, case: Case) -> tuple[str, list[dict], list[dict]]:
    client.force_login(cast.ines)
    page = client.get(reverse("identification:ind")).content.decode()
    status = client.get("/api/v1/identification/ind-status/").json()["results"]
    sent = client.get("/api/v1/identification/ind-transmissions/").json()["results"]
    return page, status, sent


# --- the IND -----------------------------------------------------------------------------------------------


def test_without_consent_to_inform_the_ind_the_ind_sees_nothing_of_the_case(
    cast: Cast, team: Team, client: Client
) -> None:
    case = concluded(cast, team, ["assessment", "referrer_outcome"])
    with pytest.raises(ValidationError, match="toestemming"):
        services.transmit_to_ind(cast.nina, case)
    page, status, sent = ind_sees(client, cast, case)
    assert case.reference not in page
    assert status == []
    assert sent == []
    assert (
        client.get(reverse("identification:ind_application", args=[case.application_id])).status_code == 404
    )
    assert client.get(f"/api/v1/identification/ind-status/{case.application_id}/").status_code == 404
    assert not IndTransmission.objects.exists()


def test_with_consent_to_the_status_only_the_ind_sees_that_an_assessment_runs_and_nothing_more(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(
        cast.nina, cast.rick, team.ada, team.olga, team.tess, consents=["assessment", "ind_status"]
    )
    services.record_reflection_period(
        cast.rick,
        case.application,
        granted_by="police",
        granting_unit="",
        starts_on=case.opened_at.date(),
        ends_on=case.opened_at.date(),
    )
    page, status, sent = ind_sees(client, cast, case)
    assert case.reference in page
    assert [row["status"] for row in status] == ["assessment_running"]
    assert status[0]["reflection_periods"][0]["granted_by"] == "police"
    assert sent == []
    detail = client.get(
        reverse("identification:ind_application", args=[case.application_id])
    ).content.decode()
    for secret in SECRETS:
        assert secret not in page
        assert secret not in detail
    conclude(case, cast.nina, team.ada, team.olga, team.tess)
    with pytest.raises(ValidationError, match="toestemming"):
        services.transmit_to_ind(cast.nina, case)  # the status consent does not cover the opinion
    assert ind_sees(client, cast, case)[1][0]["status"] == "opinion_given"


def test_with_consent_to_the_opinion_the_ind_receives_it_in_a_logged_transmission_without_identifiers(
    cast: Cast, team: Team, client: Client
) -> None:
    case = concluded(cast, team, ["assessment", "ind_status", "ind_opinion"])
    transmission = services.transmit_to_ind(cast.nina, case)
    record = json.loads(IndTransmission.objects.get().record)
    assert record["opinion"]["outcome"] == "plausible"
    assert record["opinion"]["reasons"] == "Joint reasons."
    assert "standard_of_proof" in record["opinion"]
    assert "person" not in record
    assert (
        transmission.record_sha256
        == hashlib.sha256(IndTransmission.objects.get().record.encode()).hexdigest()
    )
    entry = AuditEntry.objects.get(action="identification.transmit_to_ind")
    assert entry.actor == cast.nina
    assert entry.details == {
        "transmission": transmission.pk,
        "identifiers": False,
        "sha256": transmission.record_sha256,
    }
    client.force_login(cast.ines)
    body = client.get(f"/api/v1/identification/ind-transmissions/{transmission.pk}/").json()
    assert body["record"] == record
    pdf = client.get(reverse("identification:ind_pdf", args=[transmission.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert FAKE_NAME.encode() not in pdf.content
    assert AuditEntry.objects.filter(action="identification.read_ind_record", actor=cast.ines).count() == 2
    detail = client.get(
        reverse("identification:ind_application", args=[case.application_id])
    ).content.decode()
    assert FAKE_NAME not in detail


def test_with_consent_to_identifiers_the_transmission_and_page_carry_them(
    cast: Cast, team: Team, client: Client
) -> None:
    case = concluded(cast, team, ["assessment", "ind_status", "ind_opinion", "ind_identifiers"])
    transmission = services.transmit_to_ind(cast.nina, case)
    assert transmission.includes_identifiers
    assert json.loads(IndTransmission.objects.get().record)["person"]["name"] == FAKE_NAME
    client.force_login(cast.ines)
    pdf = client.get(reverse("identification:ind_pdf", args=[transmission.pk])).content
    assert FAKE_NAME.encode() in pdf
    detail = client.get(
        reverse("identification:ind_application", args=[case.application_id])
    ).content.decode()
    assert FAKE_NAME in detail
    assert AuditEntry.objects.filter(action="identification.ind_view_identifiers").exists()


def test_a_withdrawn_consent_stops_further_sharing(cast: Cast, team: Team, client: Client) -> None:
    case = concluded(cast, team, ["assessment", "ind_status", "ind_opinion"])
    for consent in case.application.consents.filter(purpose__in=["ind_status", "ind_opinion"]):
        services.withdraw_consent(cast.nina, consent, consent.given_on)
    with pytest.raises(ValidationError, match="toestemming"):
        services.transmit_to_ind(cast.nina, case)
    page, status, _sent = ind_sees(client, cast, case)
    assert status == []
    assert case.reference not in page


@pytest.mark.parametrize(
    ("nationality", "covered"),
    [
        (NationalityStatus.THIRD_COUNTRY, True),  # asylum seekers included
        (NationalityStatus.EU_WITHOUT_RIGHTS, True),
        (NationalityStatus.EU_WITH_RIGHTS, False),
        (NationalityStatus.DUTCH, False),
        (NationalityStatus.UNKNOWN, False),
    ],
)
def test_the_b83_regulation_covers_every_foreign_national_it_should(
    cast: Cast, team: Team, nationality: str, covered: bool
) -> None:
    case = concluded(cast, team, ["assessment", "ind_status", "ind_opinion"], nationality_status=nationality)
    assert case.application.covered_by_b83() is covered
    assert Application.objects.for_ind(cast.ines).filter(pk=case.application_id).exists() is covered
    if covered:
        assert services.transmit_to_ind(cast.nina, case).pk
    else:
        with pytest.raises(ValidationError, match="B8/3"):
            services.transmit_to_ind(cast.nina, case)


# --- the referrer ------------------------------------------------------------------------------------------


def referrer_sees(client: Client, cast: Cast, case: Case) -> tuple[str, dict]:
    client.force_login(cast.rick)
    page = client.get(reverse("identification:application", args=[case.application_id])).content.decode()
    api = client.get(f"/api/v1/identification/applications/{case.application_id}/").json()
    return page, api


def test_a_referrer_sees_only_in_progress_or_completed_without_consent_to_more(
    cast: Cast, team: Team, client: Client
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, team.tess)
    page, api = referrer_sees(client, cast, case)
    assert "In behandeling" in page
    assert api["status"] == "in_progress"
    assert api["outcome"] is None
    conclude(case, cast.nina, team.ada, team.olga, team.tess)
    page, api = referrer_sees(client, cast, case)
    assert "Afgerond" in page
    assert api["status"] == "completed"
    assert api["outcome"] is None
    for hidden in ("aannemelijk", "Oordeel gegeven", "plausible", *SECRETS):
        assert hidden not in page
    assert "aannemelijk" not in json.dumps(api)
    assert "plausible" not in json.dumps(api)


def test_with_consent_the_referrer_also_sees_the_outcome_but_never_the_reasons(
    cast: Cast, team: Team, client: Client
) -> None:
    case = concluded(cast, team, ["assessment", "referrer_outcome"])
    page, api = referrer_sees(client, cast, case)
    assert "Slachtofferschap aannemelijk" in page
    assert api["outcome"]["outcome"] == "plausible"
    for secret in SECRETS:
        assert secret not in page
        assert secret not in json.dumps(api)
