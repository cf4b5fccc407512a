"""What every identification service shares: the case lock, working-day deadlines, who may act for the person
and moving a case through its workflow with its next deadline. The permission check is `scoping.require`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.identification import deadlines
from opvangnet.identification.models import (
    CASE_WORKFLOW,
    LEGAL_REPRESENTATIVES,
    WORKING_STATES,
    Application,
    Case,
    CaseState,
    ConsentPurpose,
    RepresentativeKind,
    Submitter,
)


def locked_case(case: Case) -> Case:
    """The case row again, locked for the caller's transaction (only the case row: `of=("self",)`)."""
    return Case.objects.select_for_update(of=("self",)).select_related("application").get(pk=case.pk)


def locked_application(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).get(pk=application.pk)


def working_days_later(start: dt.datetime, days: int) -> dt.datetime:
    return deadlines.add_working_days(
        timezone.localtime(start), days, settings.IDENTIFICATION_EXTRA_CLOSED_DAYS
    )


def resume_clock(case: Case, paused_from: dt.datetime, until: dt.datetime) -> None:
    """Move the opinion deadline on by the working days the clock stood still (not saved here)."""
    if case.opinion_due is not None:
        case.opinion_due = deadlines.extend_for_pause(
            timezone.localtime(case.opinion_due),
            timezone.localtime(paused_from),
            timezone.localtime(until),
            settings.IDENTIFICATION_EXTRA_CLOSED_DAYS,
        )


def require_consent(application: Application, purpose: str) -> None:
    application.forget_consents()
    if not application.has_consent(purpose):
        raise ValidationError(
            _("This needs the person's consent: %(purpose)s.") % {"purpose": ConsentPurpose(purpose).label}
        )


# Who may act for the person (ask for a reassessment, answer a draft opinion), and which representative
# must be on record for it; None: the person themself.
ACTING_FOR_THE_PERSON: dict[str, frozenset[str] | None] = {
    Submitter.PERSON: None,
    Submitter.LAWYER: frozenset({RepresentativeKind.LAWYER}),
    Submitter.GUARDIAN: LEGAL_REPRESENTATIVES,
}


def require_acting_for_the_person(application: Application, field: str, kind: str, unknown: str) -> None:
    """ValidationError on `field` unless `kind` may act for the person (`unknown` when it is none of
    ACTING_FOR_THE_PERSON) and the representative it needs is on record."""
    if kind not in ACTING_FOR_THE_PERSON:
        raise ValidationError({field: unknown})
    needed = ACTING_FOR_THE_PERSON[kind]
    if needed and not application.representatives.current().filter(kind__in=needed).exists():
        raise ValidationError({field: _("Record this representative first.")})


def move(
    actor: User,
    case: Case,
    to_state: str,
    *,
    due: dt.datetime | None = None,
    reason: str = "",
    details: Mapping[str, Any] | None = None,
    also_save: Iterable[str] = (),
) -> Case:
    """Move a locked case through `CASE_WORKFLOW` (checked, closed_at stamped, audited) and set its next
    deadline: the opinion deadline while the committee works, else `due` (information, response)."""
    case.due_at = case.opinion_due if to_state in WORKING_STATES else due
    return CASE_WORKFLOW.advance(
        actor,
        case,
        to_state,
        reason=reason,
        details=details,
        also_save=["due_at", "opinion_due", *also_save],
    )


def require_state(case: Case, *states: str) -> None:
    if case.state not in states:
        raise ValidationError(
            _("This is not possible while the case is '%(state)s'.") % {"state": CaseState(case.state).label}
        )
