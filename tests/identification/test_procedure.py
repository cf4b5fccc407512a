"""The procedure of one assessment: hearing with an interpreter, adjournment for more information instead of
closing, a draft negative opinion with the person's response before it becomes final, a preliminary opinion
that is not a decision, withdrawal, and deadlines that stand still while the case waits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.audit.models import AuditEntry
from opvangnet.identification import deadlines, services
from opvangnet.identification.models import CASE_WORKFLOW, Case, CaseState, Opinion, OpinionKind, Outcome
from tests.identification.builders import hear, make_application, record_views, seats
from tests.identification.conftest import Team
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def open_case(cast: Cast, team: Team, **overrides: Any) -> Case:
    application = make_application(cast.rick, **overrides)
    return services.form_committee(cast.nina, application, seats(team.ada, team.olga, team.tess))


def later() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=1)


def test_the_opinion_is_due_the_configured_working_days_after_the_committee_is_formed(
    cast: Cast, team: Team
) -> None:
    case = open_case(cast, team)
    expected = deadlines.add_working_days(
        timezone.localtime(case.opened_at), settings.IDENTIFICATION_OPINION_WORKING_DAYS
    )
    assert case.opinion_due == expected
    assert case.due_at == expected
    assert case.state == CaseState.INVESTIGATION


def test_a_person_who_needs_an_interpreter_is_heard_only_with_one(cast: Cast, team: Team) -> None:
    case = open_case(
        cast,
        team,
        interpreter_language="Tigrinya",
        representatives=[services.RepresentativeInput("lawyer", "Mr. Fictief")],
    )
    with pytest.raises(ValidationError, match="tolk"):
        services.plan_hearing(cast.nina, case, planned_for=later(), place="Utrecht", interpreter=None)
    interpreter = services.add_representative(
        cast.nina,
        case.application,
        services.RepresentativeInput("interpreter", "Tolk Fictief", language="Tigrinya"),
    )
    hearing = services.plan_hearing(
        cast.nina, case, planned_for=later(), place="Utrecht", interpreter=interpreter
    )
    assert hearing.lawyer_invited
    assert not hearing.guardian_invited
    case.refresh_from_db()
    assert case.state == CaseState.HEARING_PLANNED
    services.record_hearing(
        team.ada, hearing, person_appeared=True, minutes="Betrokkene vertelt over de kas."
    )
    case.refresh_from_db()
    assert case.state == CaseState.DELIBERATION


def test_a_minor_is_heard_with_the_guardian_invited(cast: Cast, team: Team) -> None:
    guardian = services.RepresentativeInput("guardian", "Voogd Fictief", "Nidos")
    case = open_case(cast, team, age_status="minor_16_17", representatives=[guardian])
    hearing = services.plan_hearing(cast.nina, case, planned_for=later(), place="Utrecht", interpreter=None)
    assert hearing.guardian_invited


def test_adjourning_asks_for_information_instead_of_closing_and_the_clock_stands_still(
    cast: Cast, team: Team
) -> None:
    case = open_case(cast, team)
    with pytest.raises(ValidationError, match="toestemming"):
        services.adjourn(cast.nina, case, source="third_party", requested_from="Politie", information="PV")
    adjournment = services.adjourn(
        cast.nina, case, source="person", requested_from="", information="Verklaring over de werkgever."
    )
    case.refresh_from_db()
    assert case.state == CaseState.ADJOURNED
    assert case.due_at == adjournment.due
    before = case.opinion_due
    # The information arrives five working days later: the opinion deadline moves five working days on.
    type(adjournment).objects.filter(pk=adjournment.pk).update(
        requested_at=adjournment.requested_at - dt.timedelta(days=7)
    )
    adjournment.refresh_from_db()
    services.record_information_received(
        team.ada, adjournment, note="Verklaring ontvangen.", resume_to="investigation"
    )
    case.refresh_from_db()
    paused = deadlines.working_days_between(
        timezone.localtime(adjournment.requested_at).date(), timezone.localdate()
    )
    assert paused >= 4
    assert case.opinion_due == deadlines.add_working_days(timezone.localtime(before), paused)
    assert case.state == CaseState.INVESTIGATION
    assert case.due_at == case.opinion_due


def test_a_negative_opinion_goes_to_the_person_as_a_draft_and_becomes_final_only_after_the_response(
    cast: Cast, team: Team
) -> None:
    case = open_case(cast, team)
    with pytest.raises(ValidationError):
        services.send_draft_opinion(
            team.ada, case, reasons="Niet aannemelijk."
        )  # not heard, not deliberating
    hear(case, cast.nina)
    with pytest.raises(ValidationError, match="eigen beoordeling"):
        services.send_draft_opinion(team.ada, case, reasons="Niet aannemelijk.")  # views missing
    record_views(case, [team.ada, team.olga, team.tess], "not_plausible")
    with pytest.raises(ValidationError, match="concept"):
        services.give_opinion(team.ada, case, outcome=Outcome.NOT_PLAUSIBLE, reasons="x")
    with pytest.raises(PermissionDenied):
        services.send_draft_opinion(team.olga, case, reasons="x")  # only the chair
    draft = services.send_draft_opinion(team.ada, case, reasons="Concept: niet aannemelijk.")
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT_NEGATIVE
    assert case.due_at == draft.response_due
    with pytest.raises(ValidationError, match="zienswijze"):
        services.give_opinion(team.ada, case, outcome=Outcome.NOT_PLAUSIBLE, reasons="x")
    services.record_response(cast.nina, draft, response_by="person", response="Ik werd bedreigd.")
    opinion = services.give_opinion(
        team.ada, case, outcome=Outcome.PLAUSIBLE, reasons="Na de zienswijze aannemelijk."
    )
    assert opinion.draft == draft
    assert opinion.kind == OpinionKind.FINAL
    assert opinion.standard_of_proof == "plausible"
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED
    assert case.closed_at is not None


def test_a_negative_opinion_may_follow_once_the_response_term_has_passed(cast: Cast, team: Team) -> None:
    case = open_case(cast, team)
    hear(case, cast.nina)
    record_views(case, [team.ada, team.olga, team.tess], "not_plausible")
    draft = services.send_draft_opinion(team.ada, case, reasons="Concept.")
    Opinion.objects.filter(pk=draft.pk).update(response_due=timezone.now() - dt.timedelta(minutes=1))
    opinion = services.give_opinion(
        team.ada, case, outcome=Outcome.NOT_PLAUSIBLE, reasons="Niet aannemelijk."
    )
    assert opinion.outcome == Outcome.NOT_PLAUSIBLE


def test_a_declined_hearing_lets_the_committee_deliberate_without_one(cast: Cast, team: Team) -> None:
    case = open_case(cast, team)
    with pytest.raises(ValidationError, match="Hoor betrokkene"):
        services.start_deliberation(cast.nina, case)
    services.waive_hearing(cast.nina, case, "Per brief van de gemachtigde.")
    services.start_deliberation(cast.nina, case)
    case.refresh_from_db()
    assert case.state == CaseState.DELIBERATION


def test_a_preliminary_opinion_is_not_a_decision_and_the_assessment_goes_on(cast: Cast, team: Team) -> None:
    case = open_case(cast, team)
    opinion = services.record_preliminary_opinion(
        team.ada, case, outcome=Outcome.PLAUSIBLE, reasons="Voorlopig."
    )
    case.refresh_from_db()
    assert opinion.kind == OpinionKind.PRELIMINARY
    assert case.state == CaseState.INVESTIGATION
    assert case.is_open()


def test_members_record_their_views_only_during_deliberation_and_only_once(cast: Cast, team: Team) -> None:
    case = open_case(cast, team)
    with pytest.raises(ValidationError):
        record_views(case, [team.olga])
    hear(case, cast.nina)
    record_views(case, [team.olga])
    with pytest.raises(ValidationError, match="al vastgelegd"):
        record_views(case, [team.olga])
    with pytest.raises(PermissionDenied):
        record_views(case, [team.sam])  # not on the committee
    committee = case.current_committee()
    assert committee is not None
    assert services.visible_assessments(committee, team.ada) == []  # not yet complete


def test_the_person_withdraws_and_the_case_closes_through_the_workflow(cast: Cast, team: Team) -> None:
    case = open_case(cast, team)
    services.withdraw_application(cast.nina, case.application, "Per telefoon, bevestigd per brief.")
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN
    assert case.closed_at is not None
    assert case.application.public_status() == "completed"
    entry = AuditEntry.objects.filter(action="identification.advance").latest("pk")
    assert entry.details == {"from": "investigation", "to": "withdrawn"}
    with pytest.raises(ValidationError):
        services.adjourn(cast.nina, case, source="person", requested_from="", information="x")


def test_the_case_page_offers_only_the_actions_the_workflow_allows_now(
    cast: Cast, team: Team, client: Client
) -> None:
    case = open_case(cast, team)
    assert CASE_WORKFLOW.next_states(case) == frozenset(
        {CaseState.HEARING_PLANNED, CaseState.DELIBERATION, CaseState.ADJOURNED, CaseState.WITHDRAWN}
    )
    client.force_login(cast.nina)
    page = client.get(reverse("identification:case", args=[case.pk])).content.decode()
    assert reverse("identification:hearing_plan", args=[case.pk]) in page
    assert reverse("identification:adjourn", args=[case.pk]) in page
    assert reverse("identification:opinion", args=[case.pk]) not in page
    client.force_login(team.ada)
    page = client.get(reverse("identification:case", args=[case.pk])).content.decode()
    assert reverse("identification:hearing_plan", args=[case.pk]) not in page  # the case manager plans
    assert reverse("identification:preliminary_opinion", args=[case.pk]) in page  # the chair may
    hear(case, cast.nina)
    record_views(case, [team.ada, team.olga, team.tess])
    page = client.get(reverse("identification:case", args=[case.pk])).content.decode()
    assert reverse("identification:opinion", args=[case.pk]) in page
    assert reverse("identification:draft_opinion", args=[case.pk]) in page


def test_the_letter_for_the_person_holds_the_outcome_the_standard_and_the_reasons(
    cast: Cast, team: Team, client: Client
) -> None:
    case = open_case(cast, team)
    hear(case, cast.nina)
    record_views(case, [team.ada, team.olga, team.tess])
    opinion = services.give_opinion(
        team.ada, case, outcome=Outcome.PLAUSIBLE, reasons="Uitgebreide motivering."
    )
    client.force_login(cast.nina)
    response = client.get(reverse("identification:letter", args=[case.pk, opinion.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"Uitgebreide motivering." in response.content
    assert b"Slachtofferschap aannemelijk" in response.content
    assert b"Bewijsmaatstaf" in response.content
    assert AuditEntry.objects.filter(action="identification.opinion_letter").exists()
    client.post(reverse("identification:handed_over", args=[case.pk, opinion.pk]))
    opinion.refresh_from_db()
    assert opinion.handed_over_by == cast.nina
