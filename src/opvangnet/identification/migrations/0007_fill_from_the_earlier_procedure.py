"""Carry the records of the earlier two-stage procedure over to the Dutch procedure (see docs/decisions.md,
"Identification: from the earlier two-stage procedure"):

- who applied, the B8/3 scope and the age from the old flags (a minor becomes "under 16", the careful reading);
- the recorded written consent becomes a consent to the assessment; a referral on a legal basis without
  consent gets none, so its case cannot go on until the person's consent is recorded;
- a reflection period police or KMar had offered becomes a recorded fact;
- attachment bytes move to their own table (copied as stored: nothing is decrypted);
- a first positive decision becomes a preliminary opinion, a decision that closed the case the opinion;
- "insufficient information" no longer closes a case: it becomes an adjournment for more information;
- the first member of each committee becomes its chair; the case states follow;
- what was sent to the IND is kept as sent: outcome and dates, without reasons.

Going back is possible only on an empty database (used by the migration test).
"""

import base64
import datetime as dt

from django.db import migrations

ADJOURNMENT_DAYS = 28  # calendar days: the earlier procedure set no term for more information


def _chair_first(apps):
    CommitteeMember = apps.get_model("identification", "CommitteeMember")
    seen = set()
    for member in CommitteeMember.objects.order_by("committee_id", "pk"):
        role = "member" if member.committee_id in seen else "chair"
        seen.add(member.committee_id)
        CommitteeMember.objects.filter(pk=member.pk).update(role=role)


def _applications(apps):
    Application = apps.get_model("identification", "Application")
    Consent = apps.get_model("identification", "Consent")
    ReflectionPeriod = apps.get_model("identification", "ReflectionPeriod")
    for application in Application.objects.all():
        Application.objects.filter(pk=application.pk).update(
            applicant_kind="person" if application.referrer_kind == "self" else "referrer",
            nationality_status="third_country" if application.b83_applicable else "unknown",
            age_status="minor_under_16" if application.minor else "adult",
        )
        if application.consent_basis == "written_consent" and application.consent_given_on:
            note = " / ".join(p for p in (application.consent_purpose, application.consent_recipients) if p)
            Consent.objects.create(
                application=application,
                purpose="assessment",
                given_by="person",
                given_on=application.consent_given_on,
                document_reference=note[:200],
                recorded_at=application.received_at,
                recorded_by_id=application.created_by_id,
            )
        if application.reflection_started_on:
            start = application.reflection_started_on
            if application.dublin:
                end = start + dt.timedelta(days=30)
            else:
                month = start.month + 2
                year, month = start.year + month // 12, month % 12 + 1
                end = None
                day = start.day
                while end is None:
                    try:
                        end = dt.date(year, month, day)
                    except ValueError:
                        day -= 1
            ReflectionPeriod.objects.create(
                application=application,
                granted_by="kmar" if application.referrer_kind == "kmar" else "police",
                starts_on=start,
                ends_on=end,
                recorded_at=application.received_at,
                recorded_by_id=application.created_by_id,
            )


def _attachments(apps, schema_editor):
    from opvangnet.identification.fields import FieldKeyError, decrypt

    Attachment = apps.get_model("identification", "Attachment")
    AttachmentContent = apps.get_model("identification", "AttachmentContent")
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"INSERT INTO {quote(AttachmentContent._meta.db_table)} ({quote('attachment_id')}, {quote('content')}) "
        f"SELECT {quote('id')}, {quote('content')} FROM {quote(Attachment._meta.db_table)}"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('id')}, {quote('content')} FROM {quote(Attachment._meta.db_table)}")
        rows = cursor.fetchall()
    for pk, token in rows:
        try:
            size = len(base64.b64decode(decrypt(token))) if token else 0
        except (FieldKeyError, ValueError):
            size = None  # the size shows as unknown; the bytes themselves were copied as they were
        Attachment.objects.filter(pk=pk).update(size=size)


def _insufficient_to_adjournment(apps, case, decision, later):
    """Turn an "insufficient information" decision into an adjournment; what came after it (a new decision or
    a reconsideration request) counts as the information arriving."""
    Adjournment = apps.get_model("identification", "Adjournment")
    Reassessment = apps.get_model("identification", "Reassessment")
    Committee = apps.get_model("identification", "Committee")
    IndTransmission = apps.get_model("identification", "IndTransmission")
    requests = list(Reassessment.objects.filter(opinion=decision))
    received = min([r.requested_at for r in requests] + ([later.issued_at] if later else []), default=None)
    Adjournment.objects.create(
        case=case,
        source="person",
        information_requested=decision.reasons,
        requested_at=decision.issued_at,
        requested_by_id=decision.recorded_by_id,
        due=decision.issued_at + dt.timedelta(days=ADJOURNMENT_DAYS),
        received_at=received,
        received_note="; ".join(r.grounds for r in requests),
        received_by_id=requests[0].recorded_by_id if requests else None,
    )
    Committee.objects.filter(reassessment__in=requests).update(reassessment=None)
    for request in requests:
        request.delete()
    IndTransmission.objects.filter(opinion=decision).delete()
    decision.delete()
    return received is None


def _cases(apps):
    Case = apps.get_model("identification", "Case")
    Opinion = apps.get_model("identification", "Opinion")
    Assessment = apps.get_model("identification", "Assessment")
    Reassessment = apps.get_model("identification", "Reassessment")
    Assessment.objects.filter(view="insufficient").update(view="more_information")
    for case in Case.objects.all():
        decisions = list(Opinion.objects.filter(case=case).order_by("issued_at", "pk"))
        waiting = False
        for index, decision in enumerate(decisions):
            if decision.outcome == "insufficient":
                later = decisions[index + 1] if index + 1 < len(decisions) else None
                waiting = _insufficient_to_adjournment(apps, case, decision, later)
                continue
            closed_the_case = decision.stage == "final" or decision.outcome != "plausible"
            Opinion.objects.filter(pk=decision.pk).update(kind="final" if closed_the_case else "preliminary")
        pending_request = Reassessment.objects.filter(case=case, new_opinion__isnull=True).exists()
        if case.state == "withdrawn":
            state = "withdrawn"
        elif waiting:
            state = "adjourned"
        elif case.state == "reconsideration":
            state = "reassessment" if pending_request else "investigation"
        elif case.state == "closed":
            state = "concluded"
        elif case.state == "final_stage":
            state = "deliberation"
        else:
            state = "investigation"
        due = case.final_decision_due if case.state in ("reflection", "final_stage") else case.first_decision_due
        if state == "adjourned":
            adjournment = case.adjournments.filter(received_at__isnull=True).order_by("-pk").first()
            next_due = adjournment.due
        else:
            next_due = due if state in ("investigation", "deliberation") else None
        Case.objects.filter(pk=case.pk).update(
            state=state,
            opinion_due=due,
            due_at=next_due,
            closed_at=case.closed_at if state in ("concluded", "withdrawn") else None,
        )


def forward(apps, schema_editor):
    # What was sent to the IND before carried outcome and dates only, never the reasons.
    apps.get_model("identification", "IndTransmission").objects.update(includes_reasons=False)
    _applications(apps)
    _attachments(apps, schema_editor)
    _chair_first(apps)
    _cases(apps)


class Migration(migrations.Migration):
    dependencies = [("identification", "0006_add_parties_consents_hearings_and_opinions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
