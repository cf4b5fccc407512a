"""The identification workflow through its services: referral, panel, independent assessments, decisions,
reflection period, IND record and reconsideration."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from opvangnet.audit.models import AuditEntry
from opvangnet.identification import services
from opvangnet.identification.deadlines import is_working_day, working_days_between
from opvangnet.identification.models import (
    ALLOWED_TRANSITIONS,
    Case,
    CaseState,
    ChecklistVersion,
    Decision,
    Discipline,
    IndNotification,
    Outcome,
    Reconsideration,
)
from tests.identification.builders import assess, decide, make_case, make_referral, panel_of
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages below are matched in English (the source language)."""
    with translation.override("en"):
        yield


def test_a_police_referral_needs_no_consent_but_a_coordinator_referral_does(cast: Cast) -> None:
    assert make_referral(cast.rick).consent_basis == "legal_basis"
    with pytest.raises(ValidationError) as error:
        make_referral(cast.alice, referrer_kind="care_coordinator", consent_basis="legal_basis")
    assert "consent_basis" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_referral(cast.alice, referrer_kind="care_coordinator", consent_basis="written_consent")
    assert "consent_given_on" in error.value.message_dict
    referral = make_referral(
        cast.alice,
        referrer_kind="self",
        consent_basis="written_consent",
        consent_purpose="Vaststelling slachtofferschap",
        consent_recipients="Beoordelingsteam",
        consent_given_on=dt.date(2025, 3, 1),
    )
    assert referral.reference.startswith("SG-")
    assert referral.consent_recipients == "Beoordelingsteam"


def test_a_referral_can_come_from_a_provider_and_not_from_the_ind_or_a_policy_maker(cast: Cast) -> None:
    written = {
        "consent_basis": "written_consent",
        "consent_purpose": "x",
        "consent_recipients": "y",
        "consent_given_on": dt.date(2025, 3, 1),
    }
    assert (
        make_referral(cast.carol, referrer_kind="care_provider", **written).referrer_organisation
        == cast.shelter_a
    )
    for user in (cast.ines, cast.paul, cast.bea, cast.ada):
        with pytest.raises(PermissionDenied):
            make_referral(user)


def test_a_panel_needs_two_assessors_of_different_disciplines(cast: Cast, team: Team) -> None:
    referral = make_referral(cast.rick)
    with pytest.raises(ValidationError, match="two different disciplines"):
        services.open_case(referral, cast.nina, [(team.ada, Discipline.CARE), (team.olga, Discipline.CARE)])
    with pytest.raises(ValidationError, match="at least two assessors"):
        services.open_case(referral, cast.nina, [(team.ada, Discipline.CARE)])
    with pytest.raises(ValidationError, match="must be an assessor"):
        services.open_case(referral, cast.nina, [(team.ada, Discipline.CARE), (cast.alice, Discipline.LEGAL)])
    with pytest.raises(PermissionDenied):
        services.open_case(referral, team.ada, panel_of(team.ada, team.olga))
    case = services.open_case(referral, cast.nina, panel_of(team.ada, team.olga))
    assert case.state == CaseState.FIRST_STAGE
    assert case.checklist_version == ChecklistVersion.current()


def test_the_first_decision_is_due_five_working_days_after_the_referral(
    cast: Cast, team: Team, settings
) -> None:
    settings.IDENTIFICATION_FIRST_DECISION_WORKING_DAYS = 5
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    referred = timezone.localtime(case.referral.referred_at)
    due = timezone.localtime(case.first_decision_due)
    assert due.time() == referred.time()
    assert working_days_between(referred.date(), due.date()) == 5
    assert is_working_day(due.date())


def test_assessors_cannot_see_each_others_assessment_until_both_are_in(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    panel = case.current_panel()
    assert panel is not None
    assess(case, team.ada, "plausible")
    assert [a.member.assessor for a in services.visible_assessments(panel, team.olga)] == []
    assert [a.member.assessor for a in services.visible_assessments(panel, team.ada)] == [team.ada]
    assert services.visible_assessments(panel, cast.nina) == []
    with pytest.raises(ValidationError, match="Every panel member"):
        services.decide_case(case, team.ada, outcome="plausible", reasons="Too early.")
    assess(case, team.olga, "insufficient")
    assert {a.member.assessor for a in services.visible_assessments(panel, team.olga)} == {
        team.ada,
        team.olga,
    }
    with pytest.raises(ValidationError, match="already recorded"):
        assess(case, team.ada, "not_plausible")


def test_a_positive_first_decision_starts_the_reflection_period_and_is_sent_to_the_ind(
    cast: Cast, team: Team
) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    decision = decide(case, team.ada, team.olga, Outcome.PLAUSIBLE)
    case.refresh_from_db()
    assert case.state == CaseState.REFLECTION
    assert case.reflection_start == timezone.localdate()
    assert case.reflection_end is not None
    assert (case.reflection_end - case.reflection_start).days in range(89, 93)
    notification = IndNotification.objects.get(case=case)
    assert notification.decision == decision


def test_a_dublin_case_has_thirty_days_of_reflection_from_the_date_police_offered_it(
    cast: Cast, team: Team
) -> None:
    case = make_case(
        cast.nina, cast.rick, team.ada, team.olga, dublin=True, reflection_started_on=dt.date(2025, 1, 10)
    )
    decide(case, team.ada, team.olga, Outcome.PLAUSIBLE)
    case.refresh_from_db()
    assert (case.reflection_start, case.reflection_end) == (dt.date(2025, 1, 10), dt.date(2025, 2, 9))


def test_a_case_without_b83_sends_nothing_to_the_ind(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga, b83_applicable=False)
    decide(case, team.ada, team.olga, Outcome.NOT_PLAUSIBLE)
    assert not IndNotification.objects.exists()
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


def test_the_final_stage_uses_the_same_panel_and_closes_the_case(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    decide(case, team.ada, team.olga, Outcome.PLAUSIBLE)
    panel = services.start_final_stage(case, cast.nina)
    assert {m.assessor for m in panel.members.all()} == {team.ada, team.olga}
    decide(case, team.ada, team.olga, Outcome.PLAUSIBLE)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert [d.stage for d in case.decisions.all()] == ["first", "final"]
    assert IndNotification.objects.filter(case=case).count() == 2


def test_reconsideration_gets_a_new_panel_and_keeps_both_decisions(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    first = decide(case, team.ada, team.olga, Outcome.NOT_PLAUSIBLE)
    referral = case.referral
    with pytest.raises(PermissionDenied):
        services.request_reconsideration(referral, cast.alice, grounds="Not mine.", on_behalf_of_person=False)
    request = services.request_reconsideration(
        referral, cast.rick, grounds="New facts.", on_behalf_of_person=False
    )
    assert request.requested_by_kind == "referrer"
    with pytest.raises(ValidationError, match="did not assess this case before"):
        services.assign_reconsideration_panel(case, cast.nina, panel_of(team.ada, team.sam))
    services.assign_reconsideration_panel(
        case, cast.nina, [(team.sam, Discipline.MEDICAL), (team.tess, Discipline.PSYCHOLOGICAL)]
    )
    with pytest.raises(PermissionDenied):
        assess(case, team.ada)  # the first assessors are not on the new panel
    second = decide(case, team.sam, team.tess, Outcome.PLAUSIBLE)
    case.refresh_from_db()
    assert case.state == CaseState.REFLECTION
    assert list(case.decisions.order_by("pk")) == [first, second]
    assert Decision.objects.get(pk=first.pk).outcome == Outcome.NOT_PLAUSIBLE
    request.refresh_from_db()
    assert request.new_decision == second
    assert request.reversed_outcome() is True


def test_the_person_can_ask_for_reconsideration_through_the_case_manager(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    decide(case, team.ada, team.olga, Outcome.INSUFFICIENT)
    with pytest.raises(PermissionDenied):
        services.request_reconsideration(case.referral, cast.rick, grounds="x", on_behalf_of_person=True)
    request = services.request_reconsideration(
        case.referral, cast.nina, grounds="x", on_behalf_of_person=True
    )
    assert request.requested_by_kind == "person"


def test_a_positive_decision_cannot_be_reconsidered(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    decide(case, team.ada, team.olga, Outcome.PLAUSIBLE)
    with pytest.raises(ValidationError):
        services.request_reconsideration(case.referral, cast.rick, grounds="x", on_behalf_of_person=False)
    assert not Reconsideration.objects.exists()


def test_advance_refuses_a_transition_that_is_not_in_the_table(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    assert CaseState.CLOSED not in ALLOWED_TRANSITIONS[CaseState.REFLECTION]
    with pytest.raises(ValidationError):
        services.advance(case, CaseState.RECONSIDERATION, cast.nina)
    services.withdraw_case(case, cast.nina, "The person left the country.")
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN
    with pytest.raises(ValidationError):
        services.advance(case, CaseState.FIRST_STAGE, cast.nina)


def test_every_change_of_state_is_audited_without_person_data(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    decide(case, team.ada, team.olga, Outcome.PLAUSIBLE)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for action in (
        "identification.refer",
        "identification.open_case",
        "identification.record_assessment",
        "identification.decide_case",
        "identification.advance",
        "identification.sent_to_ind",
    ):
        assert action in actions
    dump = " ".join(str(e.payload()) for e in AuditEntry.objects.all())
    assert "Testpersoon" not in dump
    assert "Joint reasons" not in dump


def test_viewing_person_data_needs_a_reason_and_is_audited(cast: Cast, team: Team) -> None:
    case = make_case(cast.nina, cast.rick, team.ada, team.olga)
    with pytest.raises(ValidationError):
        services.view_person_data(case, team.ada, "  ")
    person = services.view_person_data(case, team.ada, "Preparing the interview")
    assert person is not None
    assert person.name == "Testpersoon Fictief"
    entry = AuditEntry.objects.get(action="identification.view_person_data")
    assert (entry.actor, entry.reason) == (team.ada, "Preparing the interview")
    for outsider in (cast.rick, team.sam, cast.bea, cast.ines):
        with pytest.raises(PermissionDenied):
            services.view_person_data(case, outsider, "curious")


def test_the_case_list_for_an_assessor_holds_only_their_cases(cast: Cast, team: Team) -> None:
    mine = make_case(cast.nina, cast.rick, team.ada, team.olga)
    make_case(cast.nina, cast.rick, team.sam, team.tess)
    assert list(Case.objects.visible_to(team.ada)) == [mine]
    assert Case.objects.visible_to(cast.nina).count() == 2
    assert not Case.objects.visible_to(cast.rick).exists()
