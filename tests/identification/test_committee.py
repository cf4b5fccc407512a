"""The committee: a chair and members of different disciplines, independent of the referring organisation
and of the person's shelter (acceptance 4 of issue 15), and a reassessment by nobody who sat before."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import User
from opvangnet.identification import services
from opvangnet.identification.models import Case, CaseState, Committee, Outcome
from opvangnet.regions.models import Organisation
from tests.identification.builders import conclude, make_application, seats
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def working_for(user: User, organisation: Organisation) -> User:
    user.organisation = organisation
    user.save(update_fields=["organisation"])
    return user


def test_an_assessor_from_the_referring_organisation_cannot_sit_on_the_committee(
    cast: Cast, team: Team
) -> None:
    application = make_application(cast.rick)  # referred by the police organisation
    colleague = working_for(team.olga, cast.police)
    with pytest.raises(ValidationError, match="verwijzende organisatie"):
        services.form_committee(cast.nina, application, seats(team.ada, colleague, team.tess))
    assert not Case.objects.exists()


def test_an_assessor_from_the_persons_shelter_cannot_sit_on_the_committee(cast: Cast, team: Team) -> None:
    application = make_application(cast.rick, shelter_organisation_id=cast.shelter_a.pk)
    shelter_worker = working_for(team.tess, cast.shelter_a)
    with pytest.raises(ValidationError, match="opvang of zorgaanbieder"):
        services.form_committee(cast.nina, application, seats(shelter_worker, team.olga, team.sam))
    assert not Case.objects.exists()
    # Someone from another shelter is independent of this person.
    other = working_for(team.uma, cast.shelter_b)
    case = services.form_committee(cast.nina, application, seats(other, team.olga, team.sam))
    assert case.state == CaseState.INVESTIGATION


def test_the_committee_form_refuses_a_dependent_assessor_with_a_clear_message(
    cast: Cast, team: Team, client: Client
) -> None:
    application = make_application(cast.rick)
    colleague = working_for(team.olga, cast.police)
    client.force_login(cast.nina)
    response = client.post(
        reverse("identification:form_committee", args=[application.pk]),
        {
            "assessor_1": team.ada.pk,
            "discipline_1": "legal",
            "assessor_2": colleague.pk,
            "discipline_2": "care",
            "assessor_3": team.tess.pk,
            "discipline_3": "medical",
        },
    )
    assert response.status_code == 200
    assert "kan geen zitting nemen" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("composition", "message"),
    [
        ("two", "ten minste twee leden"),
        ("same discipline", "andere discipline"),
        ("no chair", "precies één voorzitter"),
        ("not an assessor", "beoordelaar"),
    ],
)
def test_a_committee_has_a_chair_and_members_of_different_disciplines(
    cast: Cast, team: Team, composition: str, message: str
) -> None:
    application = make_application(cast.rick)
    chosen = {
        "two": seats(team.ada, team.olga),
        "same discipline": [*seats(team.ada, team.olga), services.Seat(team.tess, "legal")],
        "no chair": [services.Seat(s.assessor, s.discipline) for s in seats(team.ada, team.olga, team.tess)],
        "not an assessor": seats(team.ada, team.olga, cast.carol),
    }[composition]
    with pytest.raises(ValidationError, match=message):
        services.form_committee(cast.nina, application, chosen)


def test_no_committee_without_the_persons_consent_and_for_a_minor_without_a_guardian(
    cast: Cast, team: Team
) -> None:
    application = make_application(cast.rick)
    consent = application.consents.get()
    services.withdraw_consent(cast.nina, consent, consent.given_on)
    with pytest.raises(ValidationError, match="toestemming"):
        services.form_committee(cast.nina, application, seats(team.ada, team.olga, team.tess))
    minor = make_application(
        cast.rick,
        age_status="minor_16_17",
        representatives=[services.RepresentativeInput("guardian", "Voogd", "Nidos")],
    )
    services.end_representative(cast.nina, minor.representatives.get())
    with pytest.raises(ValidationError, match="voogd"):
        services.form_committee(cast.nina, minor, seats(team.ada, team.olga, team.tess))


def test_a_reassessment_is_done_by_a_new_committee_without_earlier_members(cast: Cast, team: Team) -> None:
    application = make_application(
        cast.rick, representatives=[services.RepresentativeInput("lawyer", "Mr. Fictief")]
    )
    case = services.form_committee(cast.nina, application, seats(team.ada, team.olga, team.tess))
    conclude(case, cast.nina, team.ada, team.olga, team.tess, outcome=Outcome.NOT_PLAUSIBLE)
    services.request_reassessment(cast.nina, case, requested_by_kind="lawyer", grounds="Nieuwe verklaring.")
    with pytest.raises(ValidationError, match="niet eerder"):
        services.form_reassessment_committee(cast.nina, case, seats(team.sam, team.olga, team.uma))
    committee = services.form_reassessment_committee(cast.nina, case, seats(team.sam, team.uma, team.vic))
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATION
    assert case.current_committee() == committee
    opinion = conclude(case, cast.nina, team.sam, team.uma, team.vic)
    reassessment = case.reassessments.get()
    assert reassessment.new_opinion == opinion
    assert reassessment.reversed_outcome() is True
    assert Committee.objects.filter(case=case).count() == 2


def test_only_the_person_their_lawyer_or_guardian_asks_for_a_reassessment_of_a_negative_opinion(
    cast: Cast, team: Team
) -> None:
    case = services.form_committee(
        cast.nina, make_application(cast.rick), seats(team.ada, team.olga, team.tess)
    )
    conclude(case, cast.nina, team.ada, team.olga, team.tess, outcome=Outcome.NOT_PLAUSIBLE)
    with pytest.raises(ValidationError):
        services.request_reassessment(cast.nina, case, requested_by_kind="referrer", grounds="x")
    with pytest.raises(ValidationError, match="vertegenwoordiger"):
        services.request_reassessment(cast.nina, case, requested_by_kind="lawyer", grounds="x")  # no lawyer
    with pytest.raises(PermissionDenied):
        services.request_reassessment(cast.rick, case, requested_by_kind="person", grounds="x")
    services.request_reassessment(cast.nina, case, requested_by_kind="person", grounds="Nieuwe feiten.")
    positive = services.form_committee(
        cast.nina, make_application(cast.rick), seats(team.sam, team.uma, team.vic)
    )
    conclude(positive, cast.nina, team.sam, team.uma, team.vic)
    with pytest.raises(ValidationError, match="negatief"):
        services.request_reassessment(cast.nina, positive, requested_by_kind="person", grounds="x")
