"""Daily reminders of deadlines that are near or past, mailed after commit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.audit.services import record
from opvangnet.core.dutch import format_day
from opvangnet.identification.models import Case, CaseState
from opvangnet.identification.services.common import working_days_later


def send_deadline_reminders(now: dt.datetime | None = None) -> int:
    """Mail each member of a current committee the open cases whose next deadline (opinion, information,
    response) is due soon or overdue. Only references and dates go out. Returns the number of mails."""
    now = now or timezone.now()
    horizon = working_days_later(now, settings.IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS)
    due: dict[User, list[Case]] = defaultdict(list)
    cases = (
        Case.objects.with_deadline_before(horizon).select_related("application").defer("application__summary")
    )
    for case in cases:
        committee = case.current_committee()
        if committee is None:
            continue
        for member in committee.members.select_related("assessor"):
            due[member.assessor].append(case)
    recipients = {assessor: cases for assessor, cases in due.items() if assessor.email}
    with transaction.atomic():
        for assessor, assessor_cases in recipients.items():
            lines = [
                f"- {case.reference} ({CaseState(case.state).label}): {format_day(case.due_at or now)}"
                for case in assessor_cases
            ]
            body = _("These cases are due soon or overdue:") + "\n" + "\n".join(lines)
            transaction.on_commit(partial(_mail, _("Opvangnet: assessment deadlines"), body, assessor.email))
        record(None, "identification.reminders", details={"mails": len(recipients)})
    return len(recipients)


def _mail(subject: str, body: str, to: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
