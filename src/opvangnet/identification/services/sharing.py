"""What leaves the committee, and only with the person's consent: the IND's view of a running assessment,
the logged transmission of an opinion to the IND (a structured record and a PDF made from it), and the
letter with the reasons for the person."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.audit.services import record
from opvangnet.identification import letters, pdf
from opvangnet.identification.models import (
    Application,
    Case,
    CaseState,
    ConsentPurpose,
    IndStatus,
    IndTransmission,
    Opinion,
    OpinionKind,
    PersonData,
)
from opvangnet.identification.services.common import locked_case

RECORD_SCHEMA = "opvangnet.identification.ind-transmission/1"


def _person(application: Application) -> dict[str, str]:
    person = PersonData.objects.filter(application=application).first()
    if person is None:
        return {"name": "", "date_of_birth": "", "nationality": "", "v_number": ""}
    return {
        "name": person.name,
        "date_of_birth": person.date_of_birth,
        "nationality": person.nationality,
        "v_number": person.v_number,
    }


def build_ind_record(case: Case, opinion: Opinion, *, identifiers: bool, sent_at: Any) -> dict[str, Any]:
    """The structured record for the IND: what the consent to send the opinion covers, plus the person's
    identifying data only with the consent to send those."""
    application = case.application
    content: dict[str, Any] = {
        "schema": RECORD_SCHEMA,
        "reference": application.reference,
        "sent_at": timezone.localtime(sent_at).isoformat(),
        "opinion": {
            "kind": opinion.kind,
            "outcome": opinion.outcome,
            "standard_of_proof": opinion.standard_of_proof,
            "issued_at": timezone.localtime(opinion.issued_at).isoformat(),
            "reasons": opinion.reasons,
        },
        "committee_disciplines": sorted(opinion.committee.members.values_list("discipline", flat=True)),
        "reflection_periods": [
            {
                "granted_by": p.granted_by,
                "starts_on": p.starts_on.isoformat(),
                "ends_on": p.ends_on.isoformat(),
            }
            for p in application.reflection_periods.all()
        ],
    }
    if identifiers:
        content["person"] = _person(application)
    return content


def record_json(content: dict[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, indent=2)


@transaction.atomic
def transmit_to_ind(actor: User, case: Case) -> IndTransmission:
    """Send the case's opinion to the IND: only for a person the B8/3 regulation covers, only with their
    consent to send the opinion, with identifying data only with their consent to that. The record sent is
    kept (encrypted) with its SHA-256; the sending is audited."""
    require(actor, "identification.manage_cases")
    case = locked_case(case)
    application = case.application
    application.forget_consents()
    if case.state != CaseState.CONCLUDED:
        raise ValidationError(_("Only an opinion that has been given can be sent."))
    if not application.covered_by_b83():
        raise ValidationError(_("The B8/3 regulation does not cover this person: nothing goes to the IND."))
    if not application.has_consent(ConsentPurpose.IND_OPINION):
        raise ValidationError(_("The person has not consented to sending the opinion to the IND."))
    opinion = case.latest_opinion(OpinionKind.FINAL)
    if opinion is None:
        raise ValidationError(_("There is no opinion to send."))
    opinion = Opinion.objects.select_related("committee").get(pk=opinion.pk)
    identifiers = application.has_consent(ConsentPurpose.IND_IDENTIFIERS)
    now = timezone.now()
    text = record_json(build_ind_record(case, opinion, identifiers=identifiers, sent_at=now))
    digest = hashlib.sha256(text.encode()).hexdigest()
    transmission = IndTransmission.objects.create(
        case=case,
        opinion=opinion,
        sent_at=now,
        sent_by=actor,
        includes_reasons=True,
        includes_identifiers=identifiers,
        record=text,
        record_sha256=digest,
    )
    record(
        actor,
        "identification.transmit_to_ind",
        case,
        details={"transmission": transmission.pk, "identifiers": identifiers, "sha256": digest},
    )
    return transmission


@transaction.atomic
def read_ind_record(actor: User, transmission: IndTransmission) -> dict[str, Any]:
    """The structured record as sent, for the IND (audited). Transmissions of the earlier procedure carry
    outcome and dates only."""
    require(actor, "identification.view_ind_status")
    transmission = IndTransmission.objects.select_related("opinion", "case__application").get(
        pk=transmission.pk
    )
    record(
        actor, "identification.read_ind_record", transmission.case, details={"transmission": transmission.pk}
    )
    if transmission.record:
        content: dict[str, Any] = json.loads(transmission.record)
        return content
    opinion = transmission.opinion
    return {
        "schema": RECORD_SCHEMA,
        "reference": transmission.case.application.reference,
        "sent_at": timezone.localtime(transmission.sent_at).isoformat(),
        "opinion": {
            "kind": opinion.kind,
            "outcome": opinion.outcome,
            "standard_of_proof": opinion.standard_of_proof,
            "issued_at": timezone.localtime(opinion.issued_at).isoformat(),
        },
        "committee_disciplines": [],
        "reflection_periods": [],
    }


def ind_report_pdf(content: dict[str, Any]) -> bytes:
    title, paragraphs = letters.ind_report(content)
    return pdf.render_pdf(title, paragraphs)


def ind_status_label(application: Application) -> str:
    """What the IND sees of an application whose person consented: that an assessment runs, or that it
    ended (with the opinion only through a transmission)."""
    return str(IndStatus(application.ind_status()).label)


@transaction.atomic
def ind_identifiers(actor: User, application: Application) -> dict[str, str] | None:
    """The person's identifying data for the IND, only with the consent to send them (audited)."""
    require(actor, "identification.view_ind_status")
    application.forget_consents()
    if not application.has_consent(ConsentPurpose.IND_IDENTIFIERS):
        return None
    record(actor, "identification.ind_view_identifiers", application)
    return _person(application)


@transaction.atomic
def opinion_letter_pdf(actor: User, opinion: Opinion) -> bytes:
    """The letter with the (draft) opinion and its reasons for the person, for the case manager to hand over
    (audited: it holds the person's name and the reasons)."""
    if not actor.has_perm("identification.manage_cases"):
        raise PermissionDenied
    opinion = Opinion.objects.select_related("case__application", "committee", "draft").get(pk=opinion.pk)
    name = _person(opinion.case.application)["name"]
    record(actor, "identification.opinion_letter", opinion.case, details={"opinion": opinion.pk})
    title, paragraphs = letters.opinion_letter(opinion, name)
    return pdf.render_pdf(title, paragraphs)
