"""Every change of state in victim-status determination, one verb each.

Each verb runs in one transaction, locks the case row where two users could race (two assessors deciding at
once, a reconsideration requested while a panel is formed), checks the workflow through `advance`, and writes
its own audit entry. Audit details never hold person data or reasons: only codes and ids.
Pages, API and commands call these functions; none of them writes the models directly.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.scoping import can_see_person_data
from opvangnet.audit.services import record
from opvangnet.identification import deadlines
from opvangnet.identification.models import (
    ALLOWED_TRANSITIONS,
    ENFORCEMENT_REFERRERS,
    Assessment,
    Attachment,
    Case,
    CaseState,
    ChecklistVersion,
    ConsentBasis,
    Consultation,
    Decision,
    Discipline,
    Indicator,
    IndicatorAnswer,
    IndNotification,
    Observed,
    Outcome,
    Panel,
    PanelMember,
    PersonData,
    Reconsideration,
    ReconsiderationRequester,
    Referral,
    ReferrerKind,
    Stage,
)

MIN_PANEL_SIZE = 2
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def _require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


# --- the workflow -------------------------------------------------------------------------------------------


def advance(
    case: Case, to_state: str, by: Any, *, details: dict[str, Any] | None = None, reason: str = ""
) -> Case:
    """Move a (locked) case to `to_state` if `ALLOWED_TRANSITIONS` permits it; writes an audit entry."""
    if to_state not in ALLOWED_TRANSITIONS[case.state]:
        raise ValidationError(
            _("A case cannot go from %(from)s to %(to)s.")
            % {"from": CaseState(case.state).label, "to": CaseState(to_state).label}
        )
    previous = case.state
    case.state = to_state
    case.closed_at = timezone.now() if to_state in (CaseState.CLOSED, CaseState.WITHDRAWN) else None
    case.save(update_fields=["state", "closed_at"])
    details = {"from": previous, "to": to_state, **(details or {})}
    record(by, "identification.advance", case, reason=reason, details=details)
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("referral").get(pk=case.pk)


# --- referral -----------------------------------------------------------------------------------------------


def allowed_referrer_kinds(user: Any) -> list[str]:
    """As whom this user may refer: their kind of organisation, or for a person who came forward."""
    from opvangnet.accounts.roles import Role

    role = getattr(user, "role", "")
    if user.has_perm("identification.manage_cases"):
        return [ReferrerKind.NATIONAL_COORDINATION, ReferrerKind.SELF, ReferrerKind.OTHER]
    if role == Role.CHAIN_PARTNER:
        return [ReferrerKind.POLICE, ReferrerKind.KMAR, ReferrerKind.LABOUR_INSPECTORATE, ReferrerKind.OTHER]
    if role == Role.COORDINATOR:
        return [ReferrerKind.CARE_COORDINATOR, ReferrerKind.SELF]
    if role == Role.PROVIDER:
        return [ReferrerKind.CARE_PROVIDER, ReferrerKind.SELF]
    return [ReferrerKind.OTHER]


@dataclass
class PersonInput:
    name: str
    date_of_birth: str = ""
    nationality: str = ""
    languages: str = ""
    contact: str = ""
    identity_documents: str = ""


@dataclass
class ReferralInput:
    referrer_kind: str
    exploitation_types: list[str]
    consent_basis: str
    urgency: str = "normal"
    b83_applicable: bool = False
    dublin: bool = False
    minor: bool = False
    reflection_started_on: dt.date | None = None
    consent_purpose: str = ""
    consent_recipients: str = ""
    consent_given_on: dt.date | None = None
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _check_consent(data: ReferralInput) -> None:
    if data.consent_basis == ConsentBasis.LEGAL_BASIS:
        if data.referrer_kind not in ENFORCEMENT_REFERRERS:
            raise ValidationError(
                {"consent_basis": _("Only police, KMar and the NLA may refer without the person's consent.")}
            )
        return
    missing = [
        name
        for name in ("consent_purpose", "consent_recipients", "consent_given_on")
        if not getattr(data, name)
    ]
    if missing:
        raise ValidationError(
            {name: _("Record for what, with whom and when the person gave consent.") for name in missing}
        )


@transaction.atomic
def refer(by: Any, data: ReferralInput, person: PersonInput | None = None) -> Referral:
    """Record a referral (signalering) and, when given, the person's data (encrypted). One audit entry."""
    _require(by, "identification.refer")
    if data.referrer_kind not in allowed_referrer_kinds(by):
        raise ValidationError({"referrer_kind": _("You cannot refer as this kind of referrer.")})
    if not data.exploitation_types:
        raise ValidationError(
            {"exploitation_types": _("Choose at least one suspected kind of exploitation.")}
        )
    _check_consent(data)
    now = timezone.now()
    referral = Referral.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        created_by=by,
        referrer_kind=data.referrer_kind,
        referrer_organisation_id=getattr(by, "organisation_id", None),
        referred_at=now,
        exploitation_types=sorted(set(data.exploitation_types)),
        b83_applicable=data.b83_applicable,
        dublin=data.dublin,
        minor=data.minor,
        reflection_started_on=data.reflection_started_on,
        consent_basis=data.consent_basis,
        consent_purpose=data.consent_purpose,
        consent_recipients=data.consent_recipients,
        consent_given_on=data.consent_given_on,
        urgency=data.urgency,
        summary=data.summary,
    )
    # The primary key makes the reference unique without a counter two referrers could race for.
    referral.reference = f"SG-{timezone.localtime(now).year}-{referral.pk:05d}"
    referral.save(update_fields=["reference"])
    if person is not None and person.name:
        PersonData.objects.create(referral=referral, **person.__dict__)
    record(by, "identification.refer", referral, details={"kind": data.referrer_kind})
    return referral


@transaction.atomic
def add_attachment(referral: Referral, by: Any, filename: str, content: bytes) -> Attachment:
    """Store a file about the person, encrypted; only the case manager and the case's assessors may."""
    case = referral.case_or_none()
    if case is None or not can_see_person_data(by, case):
        raise PermissionDenied
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("A file may be at most 5 MB."))
    attachment = Attachment.objects.create(
        referral=referral,
        filename=filename,
        content=base64.b64encode(content).decode("ascii"),
        uploaded_by=by,
    )
    record(by, "identification.add_attachment", referral, details={"attachment": attachment.pk})
    return attachment


# --- person data --------------------------------------------------------------------------------------------


@transaction.atomic
def view_person_data(case: Case, by: Any, reason: str) -> PersonData | None:
    """Give the person data to someone allowed to see it, after recording who looked, when and why."""
    if not can_see_person_data(by, case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need to see the person data.")})
    record(by, "identification.view_person_data", case, reason=reason.strip())
    return PersonData.objects.filter(referral_id=case.referral_id).first()


@transaction.atomic
def read_attachment(attachment: Attachment, by: Any, reason: str) -> bytes:
    case = attachment.referral.case_or_none()
    if case is None or not can_see_person_data(by, case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need to see the person data.")})
    record(by, "identification.read_attachment", case, reason=reason.strip(), details={"id": attachment.pk})
    return base64.b64decode(attachment.content)


# --- panels -------------------------------------------------------------------------------------------------


def _validate_panel(members: Sequence[tuple[Any, str]], *, excluded: Iterable[int] = ()) -> None:
    assessors = [assessor for assessor, _discipline in members]
    if len(members) < MIN_PANEL_SIZE:
        raise ValidationError(_("A panel needs at least two assessors."))
    if len({a.pk for a in assessors}) != len(assessors):
        raise ValidationError(_("Each assessor can sit on a panel only once."))
    if any(not a.is_active or not a.has_perm("identification.assess") for a in assessors):
        raise ValidationError(_("Every panel member must be an assessor."))
    if len({discipline for _assessor, discipline in members}) < MIN_PANEL_SIZE:
        raise ValidationError(_("A panel needs assessors from at least two different disciplines."))
    if any(d not in Discipline.values for _a, d in members):
        raise ValidationError(_("Unknown discipline."))
    excluded_ids = set(excluded)
    if any(a.pk in excluded_ids for a in assessors):
        raise ValidationError(
            _("A reconsideration is decided by assessors who did not assess this case before.")
        )


def _form_panel(case: Case, stage: str, members: Sequence[tuple[Any, str]], **extra: Any) -> Panel:
    panel = Panel.objects.create(case=case, stage=stage, **extra)
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, assessor=assessor, discipline=discipline) for assessor, discipline in members
    )
    return panel


def _due(start: dt.datetime, working_days: int) -> dt.datetime:
    return deadlines.add_working_days(timezone.localtime(start), working_days)


@transaction.atomic
def open_case(referral: Referral, by: Any, members: Sequence[tuple[Any, str]]) -> Case:
    """Open the identification case for a referral with its first panel. The first-decision deadline counts
    from the referral, so the person's wait includes the time before the case was opened."""
    _require(by, "identification.manage_cases")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if Case.objects.filter(referral=referral).exists():
        raise ValidationError(_("This referral already has a case."))
    version = ChecklistVersion.current()
    if version is None:
        raise ValidationError(_("There is no published indicator checklist."))
    _validate_panel(members)
    case = Case.objects.create(
        referral=referral,
        opened_by=by,
        checklist_version=version,
        first_decision_due=_due(referral.referred_at, settings.IDENTIFICATION_FIRST_DECISION_WORKING_DAYS),
    )
    panel = _form_panel(case, Stage.FIRST, members)
    record(by, "identification.open_case", case, details={"panel": panel.pk, "checklist": version.number})
    return case


# --- assessment and decision --------------------------------------------------------------------------------

_STAGE_STATE: dict[str, str] = {Stage.FIRST: CaseState.FIRST_STAGE, Stage.FINAL: CaseState.FINAL_STAGE}


def indicators_for(case: Case) -> list[Indicator]:
    """The checklist indicators that fit this case's suspected exploitation and age group."""
    referral = case.referral
    return [
        indicator
        for indicator in case.checklist_version.indicators.all()
        if indicator.applies_to(referral.exploitation_types, minor=referral.minor)
    ]


def membership(case: Case, user: Any) -> PanelMember | None:
    """The user's seat on the case's current panel, if any."""
    panel = case.current_panel()
    if panel is None:
        return None
    return panel.members.filter(assessor=user).first()


@dataclass
class AnswerInput:
    observed: str = Observed.UNKNOWN
    source: str = ""
    note: str = ""


@transaction.atomic
def record_assessment(
    case: Case, by: Any, *, view: str, opinion: str, answers: dict[int, AnswerInput]
) -> Assessment:
    """Record one assessor's independent view on the current panel. Final once recorded: nobody changes an
    assessment after reading the others'."""
    _require(by, "identification.assess")
    case = _locked(case)
    panel = case.current_panel()
    seat = membership(case, by)
    if panel is None or seat is None:
        raise PermissionDenied
    if case.state != _STAGE_STATE[panel.stage] or panel.has_decision():
        raise ValidationError(_("This panel is not assessing now."))
    if Assessment.objects.filter(member=seat).exists():
        raise ValidationError(_("You have already recorded your assessment."))
    if view not in Outcome.values or not opinion.strip():
        raise ValidationError(_("Give your own view and its reasoning."))
    allowed = {indicator.pk for indicator in indicators_for(case)}
    if not set(answers) <= allowed:
        raise ValidationError(_("An answer refers to an indicator outside this case's checklist."))
    assessment = Assessment.objects.create(
        member=seat, checklist_version=case.checklist_version, view=view, opinion=opinion
    )
    IndicatorAnswer.objects.bulk_create(
        IndicatorAnswer(
            assessment=assessment,
            indicator_id=indicator_id,
            observed=answer.observed,
            source=answer.source,
            note=answer.note,
        )
        for indicator_id, answer in answers.items()
    )
    record(by, "identification.record_assessment", case, details={"panel": panel.pk})
    return assessment


def visible_assessments(panel: Panel, user: Any) -> list[Assessment]:
    """A member reads their own assessment at once and the others' only when every member has recorded one;
    the case manager and members of other panels of the case read them once complete."""
    assessments = list(
        Assessment.objects.filter(member__panel=panel)
        .select_related("member__assessor")
        .prefetch_related("answers__indicator")
    )
    if panel.is_complete():
        return assessments
    return [assessment for assessment in assessments if assessment.member.assessor_id == user.pk]


@transaction.atomic
def decide_case(case: Case, by: Any, *, outcome: str, reasons: str) -> Decision:
    """Record the panel's joint decision for the current stage, once every member has recorded an
    assessment. A positive first decision starts (or continues) the reflection period; any other decision
    closes the case. B8/3 cases get an `IndNotification` (outcome and dates only)."""
    _require(by, "identification.assess")
    case = _locked(case)
    panel = case.current_panel()
    if panel is None or membership(case, by) is None:
        raise PermissionDenied
    if case.state != _STAGE_STATE[panel.stage] or panel.has_decision():
        raise ValidationError(_("This panel has no decision to take now."))
    if not panel.is_complete():
        raise ValidationError(_("Every panel member must record an assessment before the joint decision."))
    if outcome not in Outcome.values or not reasons.strip():
        raise ValidationError(_("Give the outcome and its reasons."))
    now = timezone.now()
    decision = Decision.objects.create(
        case=case,
        panel=panel,
        stage=panel.stage,
        outcome=outcome,
        reasons=reasons,
        recorded_by=by,
        decided_at=now,
    )
    if panel.reconsideration_id:
        Reconsideration.objects.filter(pk=panel.reconsideration_id).update(new_decision=decision)
    if panel.stage == Stage.FIRST and outcome == Outcome.PLAUSIBLE:
        referral = case.referral
        start = referral.reflection_started_on or timezone.localdate(now)
        case.reflection_start = start
        case.reflection_end = deadlines.reflection_period_end(start, dublin=referral.dublin)
        end_moment = timezone.localtime(now).replace(
            year=case.reflection_end.year, month=case.reflection_end.month, day=case.reflection_end.day
        )
        case.final_decision_due = _due(end_moment, settings.IDENTIFICATION_FINAL_DECISION_WORKING_DAYS)
        case.save(update_fields=["reflection_start", "reflection_end", "final_decision_due"])
        advance(case, CaseState.REFLECTION, by, details={"decision": decision.pk})
    else:
        advance(case, CaseState.CLOSED, by, details={"decision": decision.pk})
    if case.referral.b83_applicable:
        IndNotification.objects.create(case=case, decision=decision, sent_at=now)
        record(by, "identification.sent_to_ind", case, details={"decision": decision.pk})
    record(by, "identification.decide_case", case, details={"stage": panel.stage, "outcome": outcome})
    return decision


@transaction.atomic
def start_final_stage(case: Case, by: Any) -> Panel:
    """Start the final assessment with the members of the panel that took the positive first decision.
    Normally after the reflection period; earlier when the person has made up their mind (recorded)."""
    _require(by, "identification.manage_cases")
    case = _locked(case)
    first = case.decisions.filter(stage=Stage.FIRST).order_by("-decided_at", "-pk").first()
    if case.state != CaseState.REFLECTION or first is None:
        raise ValidationError(_("The final stage starts after a positive first decision."))
    members = [(m.assessor, m.discipline) for m in first.panel.members.select_related("assessor")]
    panel = _form_panel(case, Stage.FINAL, members)
    advance(
        case, CaseState.FINAL_STAGE, by, details={"panel": panel.pk, "early": not case.reflection_has_ended()}
    )
    return panel


@transaction.atomic
def withdraw_case(case: Case, by: Any, reason: str) -> Case:
    _require(by, "identification.manage_cases")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is withdrawn.")})
    case = _locked(case)
    return advance(case, CaseState.WITHDRAWN, by, reason=reason.strip())


# --- reconsideration ----------------------------------------------------------------------------------------


def may_request_reconsideration(referral: Referral, user: Any) -> bool:
    """The referrer (who entered it, or their organisation) or the case manager on the person's behalf."""
    if user.has_perm("identification.manage_cases"):
        return True
    if not user.has_perm("identification.refer"):
        return False
    organisation_id = getattr(user, "organisation_id", None)
    return referral.created_by_id == user.pk or (
        organisation_id is not None and referral.referrer_organisation_id == organisation_id
    )


@transaction.atomic
def request_reconsideration(
    referral: Referral, by: Any, *, grounds: str, on_behalf_of_person: bool
) -> Reconsideration:
    """Ask for a stage to be decided again. Only a closed case whose last decision was not positive."""
    if not may_request_reconsideration(referral, by):
        raise PermissionDenied
    if on_behalf_of_person and not by.has_perm("identification.manage_cases"):
        raise PermissionDenied
    if not grounds.strip():
        raise ValidationError({"grounds": _("Give the grounds for reconsideration.")})
    case_or_none = referral.case_or_none()
    if case_or_none is None:
        raise ValidationError(_("There is no decision to reconsider yet."))
    case = _locked(case_or_none)
    decision = case.decisions.order_by("-decided_at", "-pk").first()
    if case.state != CaseState.CLOSED or decision is None or decision.outcome == Outcome.PLAUSIBLE:
        raise ValidationError(_("Only a decided case whose decision was not positive can be reconsidered."))
    reconsideration = Reconsideration.objects.create(
        case=case,
        decision=decision,
        requested_by=by,
        requested_by_kind=ReconsiderationRequester.PERSON
        if on_behalf_of_person
        else ReconsiderationRequester.REFERRER,
        grounds=grounds,
    )
    advance(case, CaseState.RECONSIDERATION, by, details={"reconsideration": reconsideration.pk})
    return reconsideration


@transaction.atomic
def assign_reconsideration_panel(case: Case, by: Any, members: Sequence[tuple[Any, str]]) -> Panel:
    """Form the new panel for a pending reconsideration: nobody who sat on any earlier panel of the case."""
    _require(by, "identification.manage_cases")
    case = _locked(case)
    reconsideration = case.reconsiderations.filter(new_decision__isnull=True).order_by("-pk").first()
    if case.state != CaseState.RECONSIDERATION or reconsideration is None:
        raise ValidationError(_("There is no reconsideration waiting for a panel."))
    earlier = PanelMember.objects.filter(panel__case=case).values_list("assessor_id", flat=True)
    _validate_panel(members, excluded=earlier)
    stage = reconsideration.decision.stage
    panel = _form_panel(case, stage, members, reconsideration=reconsideration)
    now = timezone.now()
    if stage == Stage.FIRST:
        case.first_decision_due = _due(now, settings.IDENTIFICATION_FIRST_DECISION_WORKING_DAYS)
    else:
        case.final_decision_due = _due(now, settings.IDENTIFICATION_FINAL_DECISION_WORKING_DAYS)
    case.save(update_fields=["first_decision_due", "final_decision_due"])
    advance(case, _STAGE_STATE[stage], by, details={"panel": panel.pk, "reconsideration": reconsideration.pk})
    return panel


# --- anonymous consultation ---------------------------------------------------------------------------------


@transaction.atomic
def ask_consultation(by: Any, *, exploitation_types: list[str], question: str) -> Consultation:
    _require(by, "identification.ask_consultation")
    if not question.strip():
        raise ValidationError({"question": _("Describe the situation and your question.")})
    consultation = Consultation.objects.create(
        asked_by=by, exploitation_types=sorted(set(exploitation_types)), question=question
    )
    record(by, "identification.ask_consultation", consultation)
    return consultation


@transaction.atomic
def answer_consultation(consultation: Consultation, by: Any, *, answer: str) -> Consultation:
    _require(by, "identification.answer_consultation")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_at is not None:
        raise ValidationError(_("This request has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write your advice.")})
    consultation.answer = answer
    consultation.answered_by = by
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["answer", "answered_by", "answered_at"])
    transaction.on_commit(
        lambda: (
            send_mail(
                _("Your advice request has been answered"),
                _("Your anonymous advice request in Opvangnet has been answered. Log in to read the advice."),
                settings.DEFAULT_FROM_EMAIL,
                [consultation.asked_by.email],
            )
            if consultation.asked_by.email
            else None
        )
    )
    record(by, "identification.answer_consultation", consultation)
    return consultation


# --- checklist versions (the administrator, through the admin) ----------------------------------------------


@transaction.atomic
def draft_checklist_version(source: ChecklistVersion, by: Any) -> ChecklistVersion:
    """Copy a version into a new, unpublished draft with the next number; published versions never change."""
    _require(by, "identification.add_checklistversion")
    number = (ChecklistVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = ChecklistVersion.objects.create(number=number, title=source.title, notes="")
    Indicator.objects.bulk_create(
        Indicator(
            version=draft,
            code=i.code,
            cluster=i.cluster,
            label_nl=i.label_nl,
            label_en=i.label_en,
            exploitation_type=i.exploitation_type,
            audience=i.audience,
            position=i.position,
        )
        for i in source.indicators.all()
    )
    record(by, "identification.draft_checklist", draft, details={"from": source.number})
    return draft


@transaction.atomic
def publish_checklist_version(version: ChecklistVersion, by: Any) -> ChecklistVersion:
    """Publish a draft: cases opened from now on use it; running cases keep theirs."""
    _require(by, "identification.change_checklistversion")
    version = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published():
        raise ValidationError(_("This version is already published."))
    if not version.indicators.exists():
        raise ValidationError(_("A checklist needs at least one indicator."))
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    record(by, "identification.publish_checklist", version, details={"number": version.number})
    return version


# --- reminders ----------------------------------------------------------------------------------------------


def send_deadline_reminders(now: dt.datetime | None = None) -> int:
    """Mail each assessor of a current panel the open cases that are due soon or overdue and still need
    their assessment or the panel's decision. Mail goes out after commit. Returns the number of mails."""
    now = now or timezone.now()
    horizon = deadlines.add_working_days(
        timezone.localtime(now), settings.IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS
    )
    due: dict[Any, list[Case]] = defaultdict(list)
    cases = (
        Case.objects.filter(state__in=[CaseState.FIRST_STAGE, CaseState.FINAL_STAGE])
        .with_deadline_before(horizon)
        .select_related("referral")
    )
    for case in cases:
        panel = case.current_panel()
        if panel is None or panel.has_decision():
            continue
        for member in panel.members.select_related("assessor"):
            due[member.assessor].append(case)
    recipients = {assessor: cases for assessor, cases in due.items() if assessor.email}
    with transaction.atomic():
        for assessor, assessor_cases in recipients.items():
            lines = [
                f"- {case.reference}: {timezone.localtime(case.current_due() or now):%d-%m-%Y %H:%M}"
                for case in assessor_cases
            ]
            body = _("These cases are due soon or overdue:") + "\n" + "\n".join(lines)
            transaction.on_commit(
                partial(_mail, _("Opvangnet: identification deadlines"), body, assessor.email)
            )
        record(None, "identification.reminders", details={"mails": len(recipients)})
    return len(recipients)


def _mail(subject: str, body: str, to: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


# --- key rotation -------------------------------------------------------------------------------------------


@transaction.atomic
def rotate_field_key() -> int:
    """Re-encrypt every encrypted value under the first key of `OPVANGNET_FIELD_KEY`. Returns rows rewritten.

    Run after putting a new key first; afterwards the old key can be dropped from the list.
    """
    from django.apps import apps

    from opvangnet.identification.fields import EncryptedTextField

    rewritten = 0
    for model in apps.get_app_config("identification").get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
        if not names:
            continue
        for row in model._default_manager.select_for_update().iterator():
            row.save(update_fields=names)
            rewritten += 1
    record(None, "identification.rotate_field_key", details={"rows": rewritten})
    return rewritten
