"""Acceptance 5 of issue 15: the access-request export of one person holds every record held about them and
nothing of anyone else; the export is audited."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from opvangnet.audit.models import AuditEntry
from opvangnet.identification import services
from opvangnet.identification.models import Case, Outcome
from opvangnet.identification.services.access_request import NOT_ABOUT_A_PERSON, SECTIONS
from opvangnet.identification.services.placement_links import link_placement_request
from tests.builders import make_request
from tests.identification.builders import conclude, make_case
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db

CONSENTS = ["assessment", "third_parties", "ind_status", "ind_opinion", "ind_identifiers"]


def full_case(cast: Cast, team: Team, name: str, members: tuple, words: str) -> Case:
    """A case with a record of every kind: representatives, consents, reflection period, age determination,
    a file, a hearing, an adjournment, views, a draft with response, an opinion, a transmission and a
    reassessment."""
    lawyer = services.RepresentativeInput("lawyer", f"Mr. {words}", "Kantoor", f"{words}@example.org")
    case = make_case(
        cast.nina,
        cast.rick,
        *members,
        consents=CONSENTS,
        name=name,
        representatives=[lawyer],
        summary=f"Relaas {words}",
        interpreter_language="",
    )
    services.record_reflection_period(
        cast.rick,
        case.application,
        granted_by="police",
        granting_unit="",
        starts_on=case.opened_at.date(),
        ends_on=case.opened_at.date(),
    )
    services.determine_age(cast.nina, case.application, "disputed", f"Leeftijd betwist {words}")
    services.add_representative(
        cast.nina, case.application, services.RepresentativeInput("guardian", f"Voogd {words}", "Nidos")
    )
    services.add_attachment(
        cast.nina, case, kind="statement", filename=f"{words}.txt", content=f"Verklaring {words}".encode()
    )
    adjournment = services.adjourn(
        cast.nina, case, source="third_party", requested_from="Politie", information=f"Vraag {words}"
    )
    services.record_information_received(
        cast.nina, adjournment, note=f"Antwoord {words}", resume_to="investigation"
    )
    conclude(case, cast.nina, *members, outcome=Outcome.NOT_PLAUSIBLE)
    services.transmit_to_ind(cast.nina, case)
    services.request_reassessment(cast.nina, case, requested_by_kind="lawyer", grounds=f"Gronden {words}")
    link_placement_request(cast.nina, case, make_request(cast.alice).client_code)
    return case


def test_every_model_is_exported_or_holds_nothing_about_a_person() -> None:
    covered = {model._meta.model_name for model, _lookup in SECTIONS.values()}
    for model in apps.get_app_config("identification").get_models():
        assert model._meta.model_name in covered | NOT_ABOUT_A_PERSON, model


def test_the_export_holds_every_record_about_the_person_and_nothing_of_anyone_else(
    cast: Cast, team: Team, client: Client
) -> None:
    mine = full_case(cast, team, "Anna Fictief", (team.ada, team.olga, team.tess), "appel")
    other = full_case(cast, team, "Bram Verzonnen", (team.sam, team.uma, team.vic), "peer")
    client.force_login(cast.nina)
    url = reverse("identification:export", args=[mine.application_id])
    assert client.post(url, {"reason": ""}).status_code == 200  # no reason: the form again, nothing exported
    response = client.post(url, {"reason": "Inzageverzoek van 3 maart"})
    assert response["Content-Disposition"].startswith("attachment")
    export = json.loads(response.content)
    text = response.content.decode()
    # Every row linked to the person's application is in its section, by primary key.
    for section, (model, lookup) in SECTIONS.items():
        expected = set(
            model._default_manager.filter(**{lookup: mine.application_id}).values_list("pk", flat=True)
        )
        key = model._meta.pk.attname
        assert {row[key] for row in export[section]} == expected, section
        assert expected, f"the fixture should hold a {section} record"
    for word in (
        "Anna Fictief",
        "Relaas appel",
        "Mr. appel",
        "Voogd appel",
        "Vraag appel",
        "Antwoord appel",
        "Gronden appel",
        "Leeftijd betwist appel",
        "Verslag van het horen",
        "Mijn zienswijze",
    ):
        assert word in text
    # Nothing of the other person, and no staff names.
    for word in ("Bram Verzonnen", "peer", other.reference):
        assert word not in text
    for staff in ("nina", "ada", "olga", "tess", "rick"):
        assert f'"{staff}"' not in text
    assert {entry["by_role"] for entry in export["audit_trail"]} <= {
        "national_coordinator",
        "assessor",
        "chain_partner",
        "system",
    }
    entry = AuditEntry.objects.get(action="identification.access_request_export")
    assert (entry.actor, entry.reason) == (cast.nina, "Inzageverzoek van 3 maart")
    assert entry.details["consents"] == len(CONSENTS)
    assert "Anna" not in json.dumps(entry.details)
