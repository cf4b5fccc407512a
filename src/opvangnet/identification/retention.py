"""Retention of identification records: the one function `opvangnet apply-retention` calls into this app.

An application's person data is erased (docs/decisions.md, "Identification: retention"):

- `concluded_before`: for an application whose committee gave its opinion (the case concluded) before then,
  default five years, so a reassessment or an IND procedure can still use the file;
- `withdrawn_before`: for an application withdrawn before then, or one that never reached a committee and was
  received before then, default one year.

Erasing deletes the person-data row and every file (bytes and name), empties every free text that may describe
the person (the summary, representatives' names and contacts, age-determination grounds, hearing minutes,
requested and received information, members' reasoning and notes, opinions' reasons and responses,
reassessment grounds, the structured record sent to the IND, consent document references), and keeps codes,
dates, outcomes and states, so figures and deadlines keep working. A case under reassessment is open again and
is never touched. Anonymous consultations are deleted after `consultations_before`. Nothing is decrypted: rows
are counted, updated and deleted in the database. The caller owns the transaction and the audit entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from opvangnet.identification.models import (
    Adjournment,
    AgeDetermination,
    Application,
    Assessment,
    Attachment,
    CaseState,
    Consent,
    Consultation,
    Hearing,
    IndicatorAnswer,
    IndTransmission,
    Opinion,
    PersonData,
    Reassessment,
    Representative,
)


@dataclass(frozen=True)
class IdentificationRetention:
    applications_erased: int  # applications whose person data and files were erased
    consultations_deleted: int


def _past_their_period(concluded_before: dt.datetime, withdrawn_before: dt.datetime) -> Q:
    concluded = Q(case__state=CaseState.CONCLUDED, case__closed_at__lt=concluded_before)
    withdrawn = Q(withdrawn_at__lt=withdrawn_before) | Q(
        case__state=CaseState.WITHDRAWN, case__closed_at__lt=withdrawn_before
    )
    never_heard = Q(case__isnull=True, received_at__lt=withdrawn_before)
    return concluded | withdrawn | never_heard


def _not_yet_erased() -> Q:
    person = Exists(PersonData.objects.filter(application=OuterRef("pk")))
    files = Exists(Attachment.objects.filter(application=OuterRef("pk")))
    return Q(person) | Q(files) | ~Q(summary="")


def apply_identification_retention(
    *,
    concluded_before: dt.datetime,
    withdrawn_before: dt.datetime,
    consultations_before: dt.datetime,
    dry_run: bool = False,
) -> IdentificationRetention:
    """Erase what is past its period (see the module docstring); with `dry_run` only count.

    Idempotent: an erased application has no person data, no files and an empty summary.
    """
    expired = Application.objects.filter(_past_their_period(concluded_before, withdrawn_before)).exclude(
        case__state=CaseState.REASSESSMENT
    )
    ids = list(expired.filter(_not_yet_erased()).values_list("pk", flat=True))
    consultations = Consultation.objects.filter(asked_at__lt=consultations_before)
    result = IdentificationRetention(len(ids), consultations.count())
    if dry_run:
        return result
    if ids:
        _erase(ids)
    consultations.delete()
    return result


def _erase(ids: list[int]) -> None:
    case = Q(case__application__in=ids)
    PersonData.objects.filter(application__in=ids).delete()
    Attachment.objects.filter(application__in=ids).delete()  # their content rows go with them
    Application.objects.filter(pk__in=ids).update(summary="")
    Representative.objects.filter(application__in=ids).update(name="", contact="")
    AgeDetermination.objects.filter(application__in=ids).update(basis="")
    Consent.objects.filter(application__in=ids).update(document_reference="")
    Hearing.objects.filter(case).update(minutes="")
    Adjournment.objects.filter(case).update(information_requested="", received_note="")
    Assessment.objects.filter(member__committee__case__application__in=ids).update(reasoning="")
    IndicatorAnswer.objects.filter(assessment__member__committee__case__application__in=ids).update(note="")
    Opinion.objects.filter(case).update(reasons="", response="")
    Reassessment.objects.filter(case).update(grounds="")
    IndTransmission.objects.filter(case).update(record="")
