"""Everything held about one person, for their access request (inzageverzoek, art. 15 AVG).

The export holds every record about the person's application, and nothing of anyone else: staff appear by
their role on the committee and their discipline, never by name, and no other person's record is read.
`SECTIONS` names, per model, how its rows are found from the application; a test checks that every model of
the app is either in it or holds nothing about a person.
"""

from __future__ import annotations

import base64
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.audit.models import AuditEntry
from opvangnet.audit.services import record
from opvangnet.identification.models import (
    Adjournment,
    AgeDetermination,
    Application,
    Assessment,
    Attachment,
    AttachmentContent,
    Case,
    Committee,
    CommitteeMember,
    Consent,
    Hearing,
    IndicatorAnswer,
    IndTransmission,
    Opinion,
    PersonData,
    PlacementLink,
    Reassessment,
    ReflectionPeriod,
    Representative,
)

# Models that never hold anything about a person (reference data and the anonymous advice requests).
NOT_ABOUT_A_PERSON = frozenset({"checklistversion", "indicator", "consultation"})

# Who did something is shown by role, never by name; these columns are left out.
_STAFF_COLUMNS = frozenset(
    {
        "created_by",
        "recorded_by",
        "added_by",
        "uploaded_by",
        "opened_by",
        "formed_by",
        "planned_by",
        "minutes_by",
        "requested_by",
        "received_by",
        "withdrawal_recorded_by",
        "handed_over_by",
        "sent_by",
        "assessor",
    }
)

# section name → (model, lookup from the model to the application)
SECTIONS: dict[str, tuple[type[models.Model], str]] = {
    "application": (Application, "pk"),
    "person": (PersonData, "application"),
    "representatives": (Representative, "application"),
    "consents": (Consent, "application"),
    "reflection_periods": (ReflectionPeriod, "application"),
    "age_determinations": (AgeDetermination, "application"),
    "attachments": (Attachment, "application"),
    "attachment_contents": (AttachmentContent, "attachment__application"),
    "case": (Case, "application"),
    "committees": (Committee, "case__application"),
    "committee_members": (CommitteeMember, "committee__case__application"),
    "hearings": (Hearing, "case__application"),
    "adjournments": (Adjournment, "case__application"),
    "members_views": (Assessment, "member__committee__case__application"),
    "indicator_answers": (IndicatorAnswer, "assessment__member__committee__case__application"),
    "opinions": (Opinion, "case__application"),
    "reassessments": (Reassessment, "case__application"),
    "ind_transmissions": (IndTransmission, "case__application"),
    "placement_links": (PlacementLink, "case__application"),
}


def _value(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _row(instance: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in _STAFF_COLUMNS:
            continue
        name = field.attname if field.is_relation else field.name
        row[name] = _value(getattr(instance, field.attname))
    return row


def _audit_trail(application: Application) -> list[dict[str, Any]]:
    """Who did what with the person's records: the action, when, and the role of whoever did it."""
    case = application.case_or_none()
    targets = Q(
        target_type__in=["identification.application", "identification.referral"],
        target_id=str(application.pk),
    )
    if case is not None:
        targets |= Q(target_type="identification.case", target_id=str(case.pk))
    entries = AuditEntry.objects.filter(targets).select_related("actor").order_by("pk")
    return [
        {
            "at": entry.created_at.isoformat(),
            "action": entry.action,
            "by_role": entry.actor.role if entry.actor is not None else "system",
        }
        for entry in entries
    ]


def person_file(application: Application) -> dict[str, Any]:
    """Every record held about the person of `application`, section by section (decrypts them all)."""
    content: dict[str, Any] = {
        "schema": "opvangnet.identification.access-request/1",
        "reference": application.reference,
        "made_at": timezone.now().isoformat(),
    }
    for section, (model, lookup) in SECTIONS.items():
        rows = model._default_manager.filter(**{lookup: application.pk}).order_by("pk")
        content[section] = [_row(instance) for instance in rows]
    content["audit_trail"] = _audit_trail(application)
    return content


@transaction.atomic
def export_for_access_request(actor: User, application: Application, reason: str) -> dict[str, Any]:
    """The person file for an access request, with the request recorded in the audit log."""
    require(actor, "identification.export_person_data")
    if not reason.strip():
        raise ValidationError({"reason": _("Say which access request this export answers.")})
    content = person_file(application)
    counts = {section: len(content[section]) for section in SECTIONS}
    record(actor, "identification.access_request_export", application, reason=reason.strip(), details=counts)
    return content
