"""The committee's opinions: an optional preliminary opinion (never a decision), a draft negative opinion sent
to the person for a response (zienswijze) before it can become final, the opinion with its reasons and stated
standard of proof, and the record that the person received it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.audit.services import record
from opvangnet.identification.models import (
    WORKING_STATES,
    Case,
    CaseState,
    ConsentPurpose,
    Opinion,
    OpinionKind,
    Outcome,
    Reassessment,
    StandardOfProof,
)
from opvangnet.identification.services.committee import membership
from opvangnet.identification.services.common import (
    locked_case,
    move,
    require_acting_for_the_person,
    require_consent,
    require_state,
    working_days_later,
)


def _require_chair(actor: User, case: Case) -> None:
    seat = membership(case, actor)
    if seat is None or not seat.is_chair():
        raise PermissionDenied


def _check_reasons(outcome: str, reasons: str) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons; the person receives them.")})


@transaction.atomic
def record_preliminary_opinion(actor: User, case: Case, *, outcome: str, reasons: str) -> Opinion:
    """An optional preliminary opinion while the assessment runs, for example to support shelter or a
    residence application early. It is not a decision and does not end the assessment."""
    case = locked_case(case)
    _require_chair(actor, case)
    require_state(case, *WORKING_STATES, CaseState.ADJOURNED)
    require_consent(case.application, ConsentPurpose.ASSESSMENT)
    _check_reasons(outcome, reasons)
    committee = case.current_committee()
    assert committee is not None
    opinion = Opinion.objects.create(
        case=case,
        committee=committee,
        kind=OpinionKind.PRELIMINARY,
        outcome=outcome,
        standard_of_proof=StandardOfProof.PLAUSIBLE,
        reasons=reasons,
        recorded_by=actor,
    )
    record(
        actor, "identification.preliminary_opinion", case, details={"opinion": opinion.pk, "outcome": outcome}
    )
    return opinion


def _require_complete_committee(case: Case) -> None:
    committee = case.current_committee()
    if committee is None or not committee.is_complete():
        raise ValidationError(
            _("Every member records their own view before the committee gives its opinion.")
        )


@transaction.atomic
def send_draft_opinion(actor: User, case: Case, *, reasons: str) -> Opinion:
    """Send a draft negative opinion to the person (and lawyer, guardian) for a response. A negative opinion
    can become final only after this, and only after the person was heard or declined to be."""
    case = locked_case(case)
    _require_chair(actor, case)
    require_state(case, CaseState.DELIBERATION)
    require_consent(case.application, ConsentPurpose.ASSESSMENT)
    _check_reasons(Outcome.NOT_PLAUSIBLE, reasons)
    _require_complete_committee(case)
    if not case.was_heard():
        raise ValidationError(_("Hear the person first, or record that they declined a hearing."))
    if case.open_draft() is not None:
        raise ValidationError(_("A draft opinion is already with the person."))
    committee = case.current_committee()
    assert committee is not None
    now = timezone.now()
    draft = Opinion.objects.create(
        case=case,
        committee=committee,
        kind=OpinionKind.DRAFT,
        outcome=Outcome.NOT_PLAUSIBLE,
        reasons=reasons,
        issued_at=now,
        recorded_by=actor,
        response_due=working_days_later(now, settings.IDENTIFICATION_RESPONSE_WORKING_DAYS),
    )
    move(actor, case, CaseState.DRAFT_NEGATIVE, due=draft.response_due, details={"opinion": draft.pk})
    return draft


@transaction.atomic
def record_response(actor: User, draft: Opinion, *, response_by: str, response: str) -> Opinion:
    """Record the person's response (zienswijze) to a draft opinion, written or as told and written down."""
    require(actor, "identification.manage_cases")
    case = locked_case(draft.case)
    draft = Opinion.objects.select_for_update(of=("self",)).get(pk=draft.pk)
    if draft.kind != OpinionKind.DRAFT or hasattr(draft, "final_opinion"):
        raise ValidationError(_("This draft is no longer open for a response."))
    if draft.response_received_at is not None:
        raise ValidationError(_("The response to this draft is already recorded."))
    require_acting_for_the_person(case.application, "response_by", response_by, _("Choose who responded."))
    if not response.strip():
        raise ValidationError({"response": _("Write down the response.")})
    draft.response = response
    draft.response_by = response_by
    draft.response_received_at = timezone.now()
    draft.save(update_fields=["response", "response_by", "response_received_at"])
    record(actor, "identification.record_response", case, details={"opinion": draft.pk, "by": response_by})
    return draft


@transaction.atomic
def give_opinion(actor: User, case: Case, *, outcome: str, reasons: str) -> Opinion:
    """The committee's opinion, recorded by its chair. A positive opinion follows deliberation (or a draft the
    response refuted); a negative one only a draft whose response is in or whose term has passed."""
    case = locked_case(case)
    _require_chair(actor, case)
    require_state(case, CaseState.DELIBERATION, CaseState.DRAFT_NEGATIVE)
    require_consent(case.application, ConsentPurpose.ASSESSMENT)
    _check_reasons(outcome, reasons)
    _require_complete_committee(case)
    draft = case.open_draft()
    if outcome == Outcome.NOT_PLAUSIBLE:
        if draft is None:
            raise ValidationError(_("Send a draft opinion for the person's response first."))
        if draft.response_received_at is None and not draft.response_term_passed():
            raise ValidationError(_("Wait for the person's response or the end of the response term."))
    committee = case.current_committee()
    assert committee is not None
    opinion = Opinion.objects.create(
        case=case,
        committee=committee,
        kind=OpinionKind.FINAL,
        outcome=outcome,
        reasons=reasons,
        recorded_by=actor,
        draft=draft,
    )
    if committee.reassessment_id:
        Reassessment.objects.filter(pk=committee.reassessment_id).update(new_opinion=opinion)
    move(actor, case, CaseState.CONCLUDED, details={"opinion": opinion.pk, "outcome": outcome})
    return opinion


@transaction.atomic
def record_handed_over(actor: User, opinion: Opinion) -> Opinion:
    """Record that the case manager handed the letter with the reasons to the person (or sent it)."""
    require(actor, "identification.manage_cases")
    opinion = Opinion.objects.select_for_update(of=("self",)).get(pk=opinion.pk)
    if opinion.handed_over_at is not None:
        raise ValidationError(_("This letter was already recorded as handed over."))
    opinion.handed_over_at = timezone.now()
    opinion.handed_over_by = actor
    opinion.save(update_fields=["handed_over_at", "handed_over_by"])
    record(actor, "identification.hand_over_opinion", opinion.case, details={"opinion": opinion.pk})
    return opinion
