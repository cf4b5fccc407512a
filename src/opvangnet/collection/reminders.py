"""Reminders before and after a round's deadline, for region forms and contributions not yet handed in.

`opvangnet remind-rounds` runs this once a day from a scheduler. A form or contribution is reminded on the
days `COLLECTION_REMIND_DAYS_BEFORE` before the deadline, the day after it, and every
`COLLECTION_REMIND_EVERY_DAYS_AFTER` days after that for `COLLECTION_REMIND_DAYS_AFTER_LIMIT` days. A
`Reminder` row per form and day makes a second run on the same day send nothing. Mails go out after commit,
one per recipient, and name only the region, the period and the deadline: no people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opvangnet.audit.services import record
from opvangnet.collection.models import (
    CONTRIBUTION_EDITABLE,
    EDITABLE_STATUSES,
    Contribution,
    Reminder,
    ReminderKind,
    Round,
    Submission,
)
from opvangnet.collection.services import contributor_emails, coordinator_emails
from opvangnet.core.dutch import format_day


@dataclass(frozen=True)
class Due:
    kind: str
    days: int  # days before (kind "before") or after (kind "after") the deadline


def due_on(deadline: date, today: date) -> Due | None:
    """Whether a round with this deadline reminds today, and how."""
    before = (deadline - today).days
    if before in settings.COLLECTION_REMIND_DAYS_BEFORE:
        return Due(ReminderKind.BEFORE, before)
    after = (today - deadline).days
    every = max(1, settings.COLLECTION_REMIND_EVERY_DAYS_AFTER)
    if 1 <= after <= settings.COLLECTION_REMIND_DAYS_AFTER_LIMIT and (after - 1) % every == 0:
        return Due(ReminderKind.AFTER, after)
    return None


def _body(round_: Round, region: str, due: Due, what: str) -> tuple[str, str]:
    values = {
        "what": what,
        "region": region,
        "period": round_.period_label,
        "deadline": format_day(round_.deadline),
        "days": due.days,
    }
    if due.kind == ReminderKind.BEFORE:
        subject = _("Opvangnet: data collection %(period)s is due on %(deadline)s") % values
        text = (
            _(
                "Reminder: %(what)s of %(region)s for %(period)s has not been handed in yet. The deadline is "
                "%(deadline)s, in %(days)s day(s). Log in to Opvangnet to fill it in."
            )
            % values
        )
    else:
        subject = _("Opvangnet: data collection %(period)s is overdue") % values
        text = (
            _(
                "%(what)s of %(region)s for %(period)s was due on %(deadline)s, %(days)s day(s) ago, and has "
                "not been handed in yet. Log in to Opvangnet to fill it in, or tell the national "
                "coordination centre what stands in the way."
            )
            % values
        )
    return subject, text


def _claim(
    round_: Round, today: date, due: Due, recipients: list[str], **target: Submission | Contribution
) -> bool:
    """Record today's reminder for a form; False when one was already sent today."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                round=round_, kind=due.kind, sent_on=today, recipients=len(recipients), **target
            )
    except IntegrityError:
        return False
    return True


def _send(messages: list[EmailMessage]) -> None:
    get_connection().send_messages(messages)


def send_round_reminders(today: date | None = None) -> int:
    """Mail every reminder due today; returns the number of mails. A few queries per round due."""
    today = today or timezone.localdate()
    messages: list[EmailMessage] = []
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for round_ in Round.objects.filter(
            deadline__gte=today - timedelta(days=settings.COLLECTION_REMIND_DAYS_AFTER_LIMIT)
        ).select_related("form_version__form"):
            due = due_on(round_.deadline, today)
            if due is None:
                continue
            for submission in round_.submissions.filter(status__in=list(EDITABLE_STATUSES)).select_related(
                "region"
            ):
                addresses = coordinator_emails(submission.region_id)
                if _claim(round_, today, due, addresses, submission=submission):
                    subject, text = _body(round_, submission.region.name, due, _("The data-collection form"))
                    messages += [EmailMessage(subject, text, to=[address]) for address in addresses]
            contributions = Contribution.objects.filter(
                submission__round=round_,
                status__in=list(CONTRIBUTION_EDITABLE),
                submission__status__in=list(EDITABLE_STATUSES),
            ).select_related("submission__region", "section", "submission__round")
            for contribution in contributions:
                addresses = contributor_emails(contribution)
                if _claim(round_, today, due, addresses, contribution=contribution):
                    what = _("The contribution '%(section)s'") % {"section": contribution.section.title}
                    subject, text = _body(round_, contribution.submission.region.name, due, what)
                    messages += [EmailMessage(subject, text, to=[address]) for address in addresses]
        record(None, "collection.reminders", details={"mails": len(messages), "day": today.isoformat()})
        if messages:
            transaction.on_commit(partial(_send, messages))
    return len(messages)
