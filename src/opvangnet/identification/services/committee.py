"""The committee: forming it (independent and multidisciplinary, checked), the members' own views, and a new
committee for a reassessment (herbeoordeling) asked by the person or their lawyer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require
from opvangnet.audit.services import record
from opvangnet.identification.models import (
    Application,
    Assessment,
    Case,
    CaseState,
    ChecklistVersion,
    Committee,
    CommitteeMember,
    ConsentPurpose,
    Discipline,
    Indicator,
    IndicatorAnswer,
    MemberView,
    Observed,
    OpinionKind,
    Outcome,
    Reassessment,
    SeatRole,
)
from opvangnet.identification.services.common import (
    locked_application,
    locked_case,
    move,
    require_acting_for_the_person,
    require_consent,
    require_state,
    working_days_later,
)

MIN_COMMITTEE_SIZE = 3


@dataclass(frozen=True)
class Seat:
    assessor: User
    discipline: str
    chair: bool = False


def validate_committee(
    application: Application, seats: Sequence[Seat], *, excluded: Iterable[int] = ()
) -> None:
    """A chair and at least two members, each of another discipline, all active assessors, none working
    for the referring organisation or the person's shelter, nobody who entered the application, and for a
    reassessment nobody who sat on an earlier committee of the case."""
    assessors = [seat.assessor for seat in seats]
    if len(seats) < MIN_COMMITTEE_SIZE:
        raise ValidationError(_("A committee has a chair and at least two members."))
    if sum(1 for seat in seats if seat.chair) != 1:
        raise ValidationError(_("Choose exactly one chair."))
    if len({a.pk for a in assessors}) != len(assessors):
        raise ValidationError(_("Each assessor can sit on a committee only once."))
    if any(not a.is_active or not a.has_perm("identification.assess") for a in assessors):
        raise ValidationError(_("Every committee member must be an assessor."))
    disciplines = [seat.discipline for seat in seats]
    if any(d not in Discipline.values for d in disciplines):
        raise ValidationError(_("Unknown discipline."))
    if len(set(disciplines)) != len(disciplines):
        raise ValidationError(_("Every member brings another discipline."))
    conflicts = application.conflicting_organisation_ids()
    for assessor in assessors:
        if assessor.organisation_id is not None and assessor.organisation_id in conflicts:
            which = (
                _("the referring organisation")
                if assessor.organisation_id == application.referrer_organisation_id
                else _("the person's shelter or care provider")
            )
            raise ValidationError(
                _("%(name)s works for %(which)s and cannot sit on this committee.")
                % {"name": assessor.get_full_name() or assessor.username, "which": which}
            )
        if assessor.pk == application.created_by_id:
            raise ValidationError(_("Whoever entered the application cannot sit on its committee."))
    excluded_ids = set(excluded)
    if any(a.pk in excluded_ids for a in assessors):
        raise ValidationError(_("A reassessment is done by assessors who did not assess this case before."))


def _check_ready_for_committee(application: Application) -> None:
    require_consent(application, ConsentPurpose.ASSESSMENT)
    if application.is_minor() and not application.representatives.legal_representatives().exists():
        raise ValidationError(
            _("Record the guardian or parent with authority before the committee is formed.")
        )


def _seat_committee(actor: User, case: Case, seats: Sequence[Seat], **extra: object) -> Committee:
    committee = Committee.objects.create(case=case, formed_by=actor, **extra)
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee,
            assessor=seat.assessor,
            discipline=seat.discipline,
            role=SeatRole.CHAIR if seat.chair else SeatRole.MEMBER,
        )
        for seat in seats
    )
    return committee


@transaction.atomic
def form_committee(actor: User, application: Application, seats: Sequence[Seat]) -> Case:
    """Take the application into assessment: open its case with a committee. The opinion is due a set number
    of working days later (`IDENTIFICATION_OPINION_WORKING_DAYS`)."""
    require(actor, "identification.manage_cases")
    application = locked_application(application)
    if Case.objects.filter(application=application).exists():
        raise ValidationError(_("This application already has a committee."))
    if application.withdrawn_at is not None:
        raise ValidationError(_("This application was withdrawn."))
    version = ChecklistVersion.current()
    if version is None:
        raise ValidationError(_("There is no published indicator checklist."))
    _check_ready_for_committee(application)
    validate_committee(application, seats)
    now = timezone.now()
    due = working_days_later(now, settings.IDENTIFICATION_OPINION_WORKING_DAYS)
    case = Case.objects.create(
        application=application,
        opened_by=actor,
        opened_at=now,
        checklist_version=version,
        opinion_due=due,
        due_at=due,
    )
    committee = _seat_committee(actor, case, seats)
    record(actor, "identification.form_committee", case, details={"committee": committee.pk})
    return case


def membership(case: Case, user: User) -> CommitteeMember | None:
    """The user's seat on the case's current committee, if any."""
    committee = case.current_committee()
    if committee is None:
        return None
    return committee.members.filter(assessor=user).first()


def is_chair(case: Case, user: User) -> bool:
    seat = membership(case, user)
    return seat is not None and seat.is_chair()


def indicators_for(case: Case) -> list[Indicator]:
    """The checklist indicators that fit this case's suspected exploitation and age group."""
    application = case.application
    return [
        indicator
        for indicator in case.checklist_version.indicators.all()
        if indicator.applies_to(application.exploitation_types, minor=application.is_minor())
    ]


@dataclass
class AnswerInput:
    observed: str = Observed.UNKNOWN
    source: str = ""
    note: str = ""


@transaction.atomic
def record_assessment(
    actor: User, case: Case, *, view: str, reasoning: str, answers: dict[int, AnswerInput]
) -> Assessment:
    """Record one member's own view during deliberation. Final once recorded: nobody changes their view after
    reading the others'."""
    require(actor, "identification.assess")
    case = locked_case(case)
    seat = membership(case, actor)
    if seat is None:
        raise PermissionDenied
    require_state(case, CaseState.DELIBERATION)
    if Assessment.objects.filter(member=seat).exists():
        raise ValidationError(_("You have already recorded your view."))
    if view not in MemberView.values or not reasoning.strip():
        raise ValidationError(_("Give your own view and its reasoning."))
    allowed = {indicator.pk for indicator in indicators_for(case)}
    if not set(answers) <= allowed:
        raise ValidationError(_("An answer refers to an indicator outside this case's checklist."))
    assessment = Assessment.objects.create(
        member=seat, checklist_version=case.checklist_version, view=view, reasoning=reasoning
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
    record(actor, "identification.record_assessment", case, details={"committee": seat.committee_id})
    return assessment


def visible_assessments(committee: Committee, user: User) -> list[Assessment]:
    """A member reads their own view at once and the others' only once every member has recorded one; the
    case manager and members of later committees read them once complete."""
    assessments = list(
        Assessment.objects.filter(member__committee=committee)
        .select_related("member__assessor")
        .prefetch_related("answers__indicator")
    )
    if committee.is_complete():
        return assessments
    return [assessment for assessment in assessments if assessment.member.assessor_id == user.pk]


@transaction.atomic
def waive_hearing(actor: User, case: Case, note: str) -> Committee:
    """Record that the person declined to be heard by this committee (how: by letter, through the lawyer)."""
    require(actor, "identification.manage_cases")
    case = locked_case(case)
    committee = case.current_committee()
    if committee is None or not note.strip():
        raise ValidationError({"note": _("Say how the person declined the hearing.")})
    require_state(case, CaseState.INVESTIGATION, CaseState.ADJOURNED, CaseState.DELIBERATION)
    committee.hearing_waived_at = timezone.now()
    committee.hearing_waived_note = note.strip()[:300]
    committee.save(update_fields=["hearing_waived_at", "hearing_waived_note"])
    record(actor, "identification.waive_hearing", case, details={"committee": committee.pk})
    return committee


@transaction.atomic
def start_deliberation(actor: User, case: Case) -> Case:
    """The committee deliberates once the person was heard or declined to be."""
    require(actor, "identification.manage_cases")
    case = locked_case(case)
    if not case.was_heard():
        raise ValidationError(_("Hear the person first, or record that they declined a hearing."))
    return move(actor, case, CaseState.DELIBERATION)


@transaction.atomic
def request_reassessment(actor: User, case: Case, *, requested_by_kind: str, grounds: str) -> Reassessment:
    """Record the person's (or their lawyer's or guardian's) request for a new assessment of a negative
    opinion. Referrers cannot ask for one: it is the person's case."""
    require(actor, "identification.manage_cases")
    case = locked_case(case)
    require_acting_for_the_person(
        case.application,
        "requested_by_kind",
        requested_by_kind,
        _("The person, their lawyer or their guardian asks."),
    )
    if not grounds.strip():
        raise ValidationError({"grounds": _("Give the grounds for the reassessment.")})
    opinion = case.latest_opinion(OpinionKind.FINAL)
    require_state(case, CaseState.CONCLUDED)
    if opinion is None or opinion.outcome != Outcome.NOT_PLAUSIBLE:
        raise ValidationError(_("Only a negative opinion can be reassessed."))
    reassessment = Reassessment.objects.create(
        case=case, opinion=opinion, requested_by_kind=requested_by_kind, recorded_by=actor, grounds=grounds
    )
    move(actor, case, CaseState.REASSESSMENT, details={"reassessment": reassessment.pk})
    return reassessment


@transaction.atomic
def form_reassessment_committee(actor: User, case: Case, seats: Sequence[Seat]) -> Committee:
    """A new committee for a pending reassessment, without anybody who sat on an earlier committee of the
    case; the opinion deadline starts again."""
    require(actor, "identification.manage_cases")
    case = locked_case(case)
    reassessment = case.reassessments.filter(new_opinion__isnull=True).order_by("-pk").first()
    require_state(case, CaseState.REASSESSMENT)
    if reassessment is None:
        raise ValidationError(_("There is no reassessment waiting for a committee."))
    _check_ready_for_committee(case.application)
    earlier = CommitteeMember.objects.filter(committee__case=case).values_list("assessor_id", flat=True)
    validate_committee(case.application, seats, excluded=earlier)
    committee = _seat_committee(actor, case, seats, reassessment=reassessment)
    case.opinion_due = working_days_later(timezone.now(), settings.IDENTIFICATION_OPINION_WORKING_DAYS)
    move(actor, case, CaseState.INVESTIGATION, details={"committee": committee.pk})
    return committee
