"""The person's application and what is recorded about them as a party: consents (per purpose, withdrawable),
their lawyer, interpreter and guardian, the reflection period police or KMar granted, their age."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import can_see_person_data, require
from opvangnet.audit.services import record
from opvangnet.core.dutch import format_day
from opvangnet.identification import deadlines
from opvangnet.identification.models import (
    LEGAL_REPRESENTATIVES,
    AgeDetermination,
    AgeStatus,
    ApplicantKind,
    Application,
    Case,
    CaseState,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    NationalityStatus,
    PersonData,
    ReferrerKind,
    ReflectionGrantor,
    ReflectionPeriod,
    Representative,
    RepresentativeKind,
    Urgency,
)
from opvangnet.identification.services.common import locked_application, locked_case, move
from opvangnet.vocabulary import Exploitation

# Which referrer kinds each permission allows; asked of permissions, never of role names.
_KINDS_BY_PERMISSION: list[tuple[str, list[str]]] = [
    (
        "identification.manage_cases",
        [ReferrerKind.NATIONAL_COORDINATION, ReferrerKind.SELF, ReferrerKind.OTHER],
    ),
    (
        "identification.refer_as_enforcement",
        [ReferrerKind.POLICE, ReferrerKind.KMAR, ReferrerKind.LABOUR_INSPECTORATE],
    ),
    ("identification.refer_as_care_coordinator", [ReferrerKind.CARE_COORDINATOR]),
    ("identification.refer_as_provider", [ReferrerKind.CARE_PROVIDER]),
]


def allowed_referrer_kinds(actor: User) -> list[str]:
    """As whom this user may bring an application in."""
    kinds: list[str] = []
    for permission, granted in _KINDS_BY_PERMISSION:
        if actor.has_perm(permission):
            kinds += [kind for kind in granted if kind not in kinds]
    if not kinds and actor.has_perm("identification.submit_application"):
        kinds = [ReferrerKind.OTHER]
    return kinds


def allowed_applicant_kinds(actor: User) -> list[str]:
    """The secretariat registers applications by the person or their lawyer; others apply on the person's
    behalf, with their written consent."""
    if actor.has_perm("identification.manage_cases"):
        return [ApplicantKind.PERSON, ApplicantKind.LAWYER, ApplicantKind.REFERRER]
    return [ApplicantKind.REFERRER]


@dataclass
class PersonInput:
    name: str
    date_of_birth: str = ""
    nationality: str = ""
    languages: str = ""
    contact: str = ""
    identity_documents: str = ""
    v_number: str = ""


@dataclass
class RepresentativeInput:
    kind: str
    name: str
    organisation: str = ""
    contact: str = ""
    language: str = ""


@dataclass
class ConsentInput:
    purpose: str
    given_by: str
    given_on: dt.date
    document_reference: str = ""
    authorisation_on: dt.date | None = None


@dataclass
class ApplicationInput:
    applicant_kind: str
    referrer_kind: str
    exploitation_types: list[str]
    nationality_status: str
    age_status: str
    consent_given_on: dt.date | None
    consent_given_by: str = ConsentGiver.PERSON
    consent_document: str = ""
    other_consents: list[str] = field(default_factory=list)
    medical_authorisation_on: dt.date | None = None
    dublin: bool = False
    urgency: str = Urgency.NORMAL
    shelter_organisation_id: int | None = None
    interpreter_language: str = ""
    summary: str = ""
    representatives: list[RepresentativeInput] = field(default_factory=list)


def _check_choice(value: str, choices: list[str], name: str) -> None:
    if value not in choices:
        raise ValidationError({name: _("Choose one of the options.")})


def _check_consent_giver(age_status: str, given_by: str, *, field_name: str) -> None:
    if given_by not in ConsentGiver.values:
        raise ValidationError({field_name: _("Choose who gave consent.")})
    if (
        age_status in (AgeStatus.MINOR_UNDER_16, AgeStatus.DISPUTED)
        and given_by != ConsentGiver.LEGAL_REPRESENTATIVE
    ):
        raise ValidationError(
            {field_name: _("Under 16, or while the age is disputed, the guardian or parent gives consent.")}
        )


def _check_consent_dates(given_on: dt.date | None, authorisation_on: dt.date | None, purpose: str) -> None:
    today = timezone.localdate()
    if given_on is None or given_on > today:
        raise ValidationError(
            {"consent_given_on": _("Give the date on which consent was given (not later).")}
        )
    if purpose == ConsentPurpose.MEDICAL and (authorisation_on is None or authorisation_on > today):
        raise ValidationError(
            {"medical_authorisation_on": _("Medical information needs the date of a signed authorisation.")}
        )


def _validate_application(actor: User, data: ApplicationInput) -> None:
    _check_choice(data.applicant_kind, allowed_applicant_kinds(actor), "applicant_kind")
    _check_choice(data.referrer_kind, allowed_referrer_kinds(actor), "referrer_kind")
    _check_choice(data.nationality_status, NationalityStatus.values, "nationality_status")
    _check_choice(data.age_status, AgeStatus.values, "age_status")
    _check_choice(data.urgency, Urgency.values, "urgency")
    if not data.exploitation_types or not set(data.exploitation_types) <= set(Exploitation.values):
        raise ValidationError(
            {"exploitation_types": _("Choose at least one suspected kind of exploitation.")}
        )
    _check_consent_dates(data.consent_given_on, None, ConsentPurpose.ASSESSMENT)
    _check_consent_giver(data.age_status, data.consent_given_by, field_name="consent_given_by")
    if not set(data.other_consents) <= set(ConsentPurpose.values) - {ConsentPurpose.ASSESSMENT}:
        raise ValidationError({"other_consents": _("Choose from the listed purposes.")})
    if ConsentPurpose.MEDICAL in data.other_consents:
        _check_consent_dates(data.consent_given_on, data.medical_authorisation_on, ConsentPurpose.MEDICAL)
    kinds = {r.kind for r in data.representatives}
    if not kinds <= set(RepresentativeKind.values) or any(not r.name.strip() for r in data.representatives):
        raise ValidationError(_("Every representative needs a role and a name."))
    if data.applicant_kind == ApplicantKind.LAWYER and RepresentativeKind.LAWYER not in kinds:
        raise ValidationError({"lawyer_name": _("An application by a lawyer names the lawyer.")})
    if data.age_status != AgeStatus.ADULT and not kinds & LEGAL_REPRESENTATIVES:
        raise ValidationError(
            {"guardian_name": _("For a minor, record the guardian or parent with authority.")}
        )


@transaction.atomic
def submit_application(actor: User, data: ApplicationInput, person: PersonInput) -> Application:
    """Record an application with the person's data (encrypted), representatives and consents.

    The person's written consent to the assessment is required whoever enters the application; under 16 or
    with a disputed age it is the legal representative's. One audit entry, without person data."""
    require(actor, "identification.submit_application")
    _validate_application(actor, data)
    if not person.name.strip():
        raise ValidationError({"name": _("Give the person's name.")})
    now = timezone.now()
    application = Application.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        created_by=actor,
        applicant_kind=data.applicant_kind,
        referrer_kind=data.referrer_kind,
        # Only a referrer acting for the person is a referring organisation; the secretariat that registers
        # the person's own application is not (its staff may still sit on committees).
        referrer_organisation_id=actor.organisation_id
        if data.applicant_kind == ApplicantKind.REFERRER
        else None,
        received_at=now,
        exploitation_types=sorted(set(data.exploitation_types)),
        nationality_status=data.nationality_status,
        dublin=data.dublin,
        age_status=data.age_status,
        shelter_organisation_id=data.shelter_organisation_id,
        interpreter_language=data.interpreter_language.strip(),
        urgency=data.urgency,
        summary=data.summary,
    )
    # The primary key makes the reference unique without a counter two users could race for.
    application.reference = f"AV-{timezone.localtime(now).year}-{application.pk:05d}"
    application.save(update_fields=["reference"])
    PersonData.objects.create(application=application, **person.__dict__)
    Representative.objects.bulk_create(
        Representative(application=application, added_by=actor, added_at=now, **r.__dict__)
        for r in data.representatives
    )
    assert data.consent_given_on is not None  # checked above
    purposes = [ConsentPurpose.ASSESSMENT, *sorted(set(data.other_consents))]
    Consent.objects.bulk_create(
        Consent(
            application=application,
            purpose=purpose,
            given_by=data.consent_given_by,
            given_on=data.consent_given_on,
            document_reference=data.consent_document,
            authorisation_on=data.medical_authorisation_on if purpose == ConsentPurpose.MEDICAL else None,
            recorded_by=actor,
            recorded_at=now,
        )
        for purpose in purposes
    )
    record(
        actor,
        "identification.submit_application",
        application,
        details={"applicant": data.applicant_kind, "referrer": data.referrer_kind, "consents": purposes},
    )
    return application


@transaction.atomic
def record_consent(actor: User, application: Application, data: ConsentInput) -> Consent:
    """Record a consent the person (or their legal representative) gave in writing for one purpose."""
    require(actor, "identification.manage_cases")
    application = locked_application(application)
    _check_choice(data.purpose, ConsentPurpose.values, "purpose")
    _check_consent_dates(data.given_on, data.authorisation_on, data.purpose)
    _check_consent_giver(application.age_status, data.given_by, field_name="given_by")
    if application.consents.active().filter(purpose=data.purpose).exists():
        raise ValidationError({"purpose": _("The person already consents to this.")})
    consent = Consent.objects.create(
        application=application,
        recorded_by=actor,
        **{**data.__dict__, "authorisation_on": data.authorisation_on if data.purpose == "medical" else None},
    )
    record(actor, "identification.record_consent", application, details={"purpose": data.purpose})
    return consent


@transaction.atomic
def withdraw_consent(actor: User, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Record that the person withdrew a consent. What was shared before stays shared (art. 7(3) AVG); from
    now on nothing more is shared or asked for that purpose."""
    require(actor, "identification.manage_cases")
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not consent.is_active():
        raise ValidationError(_("This consent was already withdrawn."))
    if withdrawn_on > timezone.localdate() or withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("Give the date of the withdrawal (not later than today).")})
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_at = timezone.now()
    consent.withdrawal_recorded_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_at", "withdrawal_recorded_by"])
    record(
        actor, "identification.withdraw_consent", consent.application, details={"purpose": consent.purpose}
    )
    return consent


@transaction.atomic
def add_representative(actor: User, application: Application, data: RepresentativeInput) -> Representative:
    require(actor, "identification.manage_cases")
    _check_choice(data.kind, RepresentativeKind.values, "kind")
    if not data.name.strip():
        raise ValidationError({"name": _("Give the name.")})
    representative = Representative.objects.create(application=application, added_by=actor, **data.__dict__)
    record(actor, "identification.add_representative", application, details={"kind": data.kind})
    return representative


@transaction.atomic
def end_representative(actor: User, representative: Representative) -> Representative:
    require(actor, "identification.manage_cases")
    representative = Representative.objects.select_for_update().get(pk=representative.pk)
    if representative.ended_at is None:
        representative.ended_at = timezone.now()
        representative.save(update_fields=["ended_at"])
        record(
            actor,
            "identification.end_representative",
            representative.application,
            details={"kind": representative.kind},
        )
    return representative


@transaction.atomic
def record_reflection_period(
    actor: User,
    application: Application,
    *,
    granted_by: str,
    granting_unit: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> ReflectionPeriod:
    """Record the reflection period police or KMar granted (who, when, until): at most three months, 30
    days in a Dublin case."""
    require(actor, "identification.record_reflection_period")
    _check_choice(granted_by, ReflectionGrantor.values, "granted_by")
    longest = deadlines.reflection_period_end(starts_on, dublin=application.dublin)
    if ends_on < starts_on or ends_on > longest:
        raise ValidationError(
            {
                "ends_on": _("The period ends on or after its start and lasts at most until %(day)s.")
                % {"day": format_day(longest)}
            }
        )
    period = ReflectionPeriod.objects.create(
        application=application,
        granted_by=granted_by,
        granting_unit=granting_unit,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=actor,
    )
    record(actor, "identification.record_reflection_period", application, details={"by": granted_by})
    return period


@transaction.atomic
def determine_age(actor: User, application: Application, new_status: str, basis: str) -> AgeDetermination:
    """Record a change of the person's age status: a dispute (then the person is treated as a minor, with a
    guardian, until it is settled) or how it was settled, with the basis (for example an age assessment)."""
    require(actor, "identification.manage_cases")
    application = locked_application(application)
    _check_choice(new_status, AgeStatus.values, "new_status")
    if not basis.strip():
        raise ValidationError({"basis": _("Say on what basis the age is determined.")})
    if new_status == application.age_status:
        raise ValidationError({"new_status": _("That is already the recorded age.")})
    determination = AgeDetermination.objects.create(
        application=application,
        previous_status=application.age_status,
        new_status=new_status,
        basis=basis,
        recorded_by=actor,
    )
    application.age_status = new_status
    application.save(update_fields=["age_status"])
    record(
        actor,
        "identification.determine_age",
        application,
        details={"from": determination.previous_status, "to": new_status},
    )
    return determination


@transaction.atomic
def withdraw_application(actor: User, application: Application, reason: str) -> Application:
    """Record that the person withdrew their application; an open case ends as withdrawn."""
    require(actor, "identification.manage_cases")
    if not reason.strip():
        raise ValidationError({"reason": _("Say how the person withdrew.")})
    application = locked_application(application)
    if application.withdrawn_at is not None:
        raise ValidationError(_("This application was already withdrawn."))
    case = Case.objects.filter(application=application).first()
    if case is not None:
        case = locked_case(case)
        if case.is_open():
            move(actor, case, CaseState.WITHDRAWN, reason=reason.strip())
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["withdrawn_at"])
    record(actor, "identification.withdraw_application", application, reason=reason.strip())
    return application


@transaction.atomic
def view_person_data(actor: User, case: Case, reason: str) -> PersonData | None:
    """Give the person data to someone allowed to see it, after recording who looked, when and why."""
    if not can_see_person_data(actor, case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need to see the person data.")})
    record(actor, "identification.view_person_data", case, reason=reason.strip())
    return PersonData.objects.filter(application_id=case.application_id).first()
