"""Retention of identification records: the one function `opvangnet apply-retention` calls into this app.

What happens past the periods of `settings.RETENTION` (see docs/decisions.md, "Retention"):

- the files (attachments) of a case that was decided or withdrawn before `files_before` are deleted;
- the person data of a case decided or withdrawn before `person_data_before`, and of a referral that never
  became a case and was made before it, is erased: the person-data row (name, date of birth, nationality,
  languages, contact, identity documents) is deleted, and the free texts that may describe the person (the
  referral's summary, the assessors' opinions and notes, the decisions' reasons, the reconsideration
  grounds) are emptied. Outcomes, dates, exploitation types and the audit trail stay, so the figures and
  the deadline reports keep working.

A case under reconsideration is open again, so it is never touched. Nothing here decrypts anything: rows are
counted, updated and deleted in the database. The caller owns the transaction and the audit entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from opvangnet.identification.models import (
    Assessment,
    Attachment,
    CaseState,
    Decision,
    IndicatorAnswer,
    PersonData,
    Reconsideration,
    Referral,
)

_ENDED = (CaseState.CLOSED, CaseState.WITHDRAWN)


@dataclass(frozen=True)
class IdentificationRetention:
    attachments_deleted: int
    referrals_erased: int  # referrals (with or without a case) whose person data was erased


def _ended_before(moment: dt.datetime) -> Q:
    return Q(case__state__in=_ENDED, case__closed_at__lt=moment)


def apply_identification_retention(
    *, files_before: dt.datetime, person_data_before: dt.datetime, dry_run: bool = False
) -> IdentificationRetention:
    """Delete the files and erase the person data that are past their period; with `dry_run` only count.

    Idempotent: erased referrals have no person-data row and an empty summary, so a second run finds nothing.
    """
    attachments = Attachment.objects.filter(referral__in=Referral.objects.filter(_ended_before(files_before)))
    expired = Referral.objects.filter(
        _ended_before(person_data_before) | Q(case__isnull=True, referred_at__lt=person_data_before)
    )
    to_erase = expired.filter(Q(person__isnull=False) | ~Q(summary="")).values("pk")
    result = IdentificationRetention(attachments.count(), to_erase.count())
    if dry_run or not (result.attachments_deleted or result.referrals_erased):
        return result
    attachments.delete()
    erase = list(to_erase.values_list("pk", flat=True))
    PersonData.objects.filter(referral__in=erase).delete()
    Referral.objects.filter(pk__in=erase).update(summary="")
    Assessment.objects.filter(member__panel__case__referral__in=erase).update(opinion="")
    IndicatorAnswer.objects.filter(assessment__member__panel__case__referral__in=erase).update(note="")
    Decision.objects.filter(panel__case__referral__in=erase).update(reasons="")
    Reconsideration.objects.filter(case__referral__in=erase).update(grounds="")
    return result
