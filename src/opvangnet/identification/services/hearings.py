"""Hearing the person (hoorzitting: planned with an interpreter where needed, the lawyer and guardian invited,
minutes) and adjourning for more information (aangehouden – nadere informatie) instead of closing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.identification.models import (
    LEGAL_REPRESENTATIVES,
    Adjournment,
    Case,
    CaseState,
    ConsentPurpose,
    Hearing,
    InformationSource,
    Representative,
    RepresentativeKind,
)
from opvangnet.identification.services.committee import is_chair
from opvangnet.identification.services.common import (
    locked_case,
    move,
    require_consent,
    require_state,
    resume_clock,
    working_days_later,
)

_CONSENT_FOR_SOURCE: dict[str, str] = {
    InformationSource.THIRD_PARTY: ConsentPurpose.THIRD_PARTIES,
    InformationSource.MEDICAL: ConsentPurpose.MEDICAL,
}


def _require_manager_or_chair(actor: User, case: Case) -> None:
    if not (actor.has_perm("identification.manage_cases") or is_chair(case, actor)):
        raise PermissionDenied


def _end_pause(case: Case, now: dt.datetime) -> None:
    """Leaving a state in which the opinion clock stood still moves the opinion deadline on."""
    if case.state == CaseState.ADJOURNED:
        adjournment = case.open_adjournment()
        if adjournment is not None:
            resume_clock(case, adjournment.requested_at, now)
    elif case.state == CaseState.DRAFT_NEGATIVE:
        draft = case.open_draft()
        if draft is not None:
            resume_clock(case, draft.issued_at, now)


@transaction.atomic
def plan_hearing(
    actor: User, case: Case, *, planned_for: dt.datetime, place: str, interpreter: Representative | None
) -> Hearing:
    """Plan a hearing of the person by the committee. Where the person needs an interpreter one must be
    booked; the lawyer is invited when there is one, the guardian always for a minor."""
    require(actor, "identification.manage_cases")
    case = locked_case(case)
    application = case.application
    require_consent(application, ConsentPurpose.ASSESSMENT)
    if case.hearings.filter(held_at__isnull=True, cancelled_at__isnull=True).exists():
        raise ValidationError(_("A hearing is already planned; hold or cancel it first."))
    if planned_for <= timezone.now():
        raise ValidationError({"planned_for": _("Plan the hearing in the future.")})
    if not place.strip():
        raise ValidationError({"place": _("Say where the hearing takes place (or that it is by video).")})
    if interpreter is not None and (
        interpreter.application_id != application.pk
        or interpreter.kind != RepresentativeKind.INTERPRETER
        or interpreter.ended_at is not None
    ):
        raise ValidationError({"interpreter": _("Choose an interpreter recorded for this person.")})
    if application.interpreter_language and interpreter is None:
        raise ValidationError(
            {
                "interpreter": _("The person needs an interpreter (%(language)s): book one first.")
                % {"language": application.interpreter_language}
            }
        )
    current = application.representatives.current()
    if application.is_minor() and not current.filter(kind__in=LEGAL_REPRESENTATIVES).exists():
        raise ValidationError(_("Record the guardian or parent with authority first: they are invited."))
    committee = case.current_committee()
    assert committee is not None  # every case has one from the start
    now = timezone.now()
    _end_pause(case, now)
    hearing = Hearing.objects.create(
        case=case,
        committee=committee,
        planned_for=planned_for,
        place=place.strip(),
        interpreter=interpreter,
        lawyer_invited=current.filter(kind=RepresentativeKind.LAWYER).exists(),
        guardian_invited=application.is_minor(),
        planned_by=actor,
        planned_at=now,
    )
    move(
        actor,
        case,
        CaseState.HEARING_PLANNED,
        details={"hearing": hearing.pk, "interpreter": interpreter is not None},
    )
    return hearing


@transaction.atomic
def record_hearing(actor: User, hearing: Hearing, *, person_appeared: bool, minutes: str) -> Hearing:
    """Record that the hearing took place, with its minutes; the committee then deliberates."""
    case = locked_case(hearing.case)
    _require_manager_or_chair(actor, case)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if not hearing.is_pending():
        raise ValidationError(_("This hearing was already held or cancelled."))
    require_state(case, CaseState.HEARING_PLANNED)
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes of the hearing.")})
    hearing.held_at = timezone.now()
    hearing.person_appeared = person_appeared
    hearing.minutes = minutes
    hearing.minutes_by = actor
    hearing.save(update_fields=["held_at", "person_appeared", "minutes", "minutes_by"])
    move(actor, case, CaseState.DELIBERATION, details={"hearing": hearing.pk, "appeared": person_appeared})
    return hearing


@transaction.atomic
def cancel_hearing(actor: User, hearing: Hearing, reason: str) -> Hearing:
    require(actor, "identification.manage_cases")
    case = locked_case(hearing.case)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if not hearing.is_pending():
        raise ValidationError(_("This hearing was already held or cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hearing is cancelled.")})
    hearing.cancelled_at = timezone.now()
    hearing.cancel_reason = reason.strip()[:300]
    hearing.save(update_fields=["cancelled_at", "cancel_reason"])
    move(actor, case, CaseState.INVESTIGATION, reason=hearing.cancel_reason, details={"hearing": hearing.pk})
    return hearing


@transaction.atomic
def adjourn(actor: User, case: Case, *, source: str, requested_from: str, information: str) -> Adjournment:
    """Adjourn the assessment to ask for more information instead of closing it. Asking third parties needs
    the person's consent to that, medical information a written authorisation. The opinion deadline stands
    still until the information is in."""
    case = locked_case(case)
    _require_manager_or_chair(actor, case)
    if source not in InformationSource.values:
        raise ValidationError({"source": _("Choose from whom the information is asked.")})
    if source in _CONSENT_FOR_SOURCE:
        require_consent(case.application, _CONSENT_FOR_SOURCE[source])
    if not information.strip():
        raise ValidationError({"information": _("Say what information is needed.")})
    if case.hearings.filter(held_at__isnull=True, cancelled_at__isnull=True).exists():
        raise ValidationError(_("Hold or cancel the planned hearing first."))
    now = timezone.now()
    _end_pause(case, now)
    adjournment = Adjournment.objects.create(
        case=case,
        source=source,
        requested_from=requested_from.strip()[:200],
        information_requested=information,
        requested_at=now,
        requested_by=actor,
        due=working_days_later(now, settings.IDENTIFICATION_INFORMATION_WORKING_DAYS),
    )
    move(actor, case, CaseState.ADJOURNED, due=adjournment.due, details={"adjournment": adjournment.pk})
    return adjournment


RESUME_STATES = (CaseState.INVESTIGATION, CaseState.DELIBERATION)


@transaction.atomic
def record_information_received(
    actor: User, adjournment: Adjournment, *, note: str, resume_to: str
) -> Adjournment:
    """The information (or the answer that there is none) came in: the assessment goes on, and the opinion
    deadline moves on by the working days it stood still."""
    case = locked_case(adjournment.case)
    _require_manager_or_chair(actor, case)
    adjournment = Adjournment.objects.select_for_update().get(pk=adjournment.pk)
    if adjournment.received_at is not None:
        raise ValidationError(_("This information was already recorded as received."))
    require_state(case, CaseState.ADJOURNED)
    if resume_to not in RESUME_STATES:
        raise ValidationError({"resume_to": _("Choose how the assessment goes on.")})
    if resume_to == CaseState.DELIBERATION and not case.was_heard():
        raise ValidationError({"resume_to": _("Hear the person first, or record that they declined.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what came in.")})
    now = timezone.now()
    resume_clock(case, adjournment.requested_at, now)
    adjournment.received_at = now
    adjournment.received_note = note
    adjournment.received_by = actor
    adjournment.save(update_fields=["received_at", "received_note", "received_by"])
    move(actor, case, resume_to, details={"adjournment": adjournment.pk})
    return adjournment
