"""Every change of state in data collection, one verb each.

Each verb runs in one transaction, locks the region form (or contribution) it changes so two people saving at
once apply one after the other, checks the workflow through `advance`, keeps every changed value in
`DataValueChange`, writes its own audit entry (codes, counts and ids only; never names) and mails after
commit. Pages, the spreadsheet upload, the API and the commands all call these functions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts import scoping
from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.audit.services import record
from opvangnet.collection import definitions, spreadsheets
from opvangnet.collection.models import (
    CONTRIBUTION_WORKFLOW,
    SUBMISSION_WORKFLOW,
    Audience,
    Contribution,
    ContributionStatus,
    DataValue,
    DataValueChange,
    FormVersion,
    PeriodKind,
    Question,
    QuestionKind,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    ValueSource,
    format_number,
    period_bounds,
)
from opvangnet.collection.queries import cell_states, prefilled_figures, questions_of, review, stored_values
from opvangnet.collection.validation import (
    ERROR,
    Cell,
    CellState,
    Issue,
    QuestionSpec,
    ValueInput,
    parse_cell,
)
from opvangnet.core.dutch import format_day
from opvangnet.regions.models import Municipality, Organisation, OrganisationKind, Region


class ValuesRejected(Exception):
    """The values (or the form as it would stand) have errors, or warnings without a comment; nothing was
    written. `issues` names every one with its question and breakdown."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} problem(s)")
        self.issues = issues


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)  # what still stands after the save (warnings etc.)


def _mail(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


_MAIL = ContextVar("collection_mail", default=True)


@contextmanager
def without_mail() -> Iterator[None]:
    """Run services without mailing anybody (the demo data: nobody is waiting for those mails)."""
    token = _MAIL.set(False)
    try:
        yield
    finally:
        _MAIL.reset(token)


def _after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    addresses = sorted({address for address in recipients if address})
    if addresses and _MAIL.get():
        transaction.on_commit(partial(_mail, subject, body, addresses))


def coordinator_emails(region_id: int) -> list[str]:
    return list(
        User.objects.filter(role=Role.COORDINATOR, region_id=region_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def national_emails() -> list[str]:
    return list(
        User.objects.filter(role=Role.NATIONAL_COORDINATOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def contributor_emails(contribution: Contribution) -> list[str]:
    users = User.objects.filter(
        role=Role.CONTRIBUTOR, is_active=True, region_id=contribution.submission.region_id
    ).exclude(email="")
    if contribution.municipality_id is not None:
        users = users.filter(municipality_id=contribution.municipality_id)
    elif contribution.organisation_id is not None:
        users = users.filter(organisation_id=contribution.organisation_id)
    return list(users.values_list("email", flat=True))


# --- the workflow ------------------------------------------------------------------------------------------


def advance(actor: User | None, submission: Submission, to_status: str, *, comment: str = "") -> Submission:
    """Move a (locked) region form through `SUBMISSION_WORKFLOW` (checked, audited as `collection.advance`),
    stamping who started, handed in or approved it, and keep the event with its comment. Handing in also saves
    the `warnings` the caller counted. Callers check who may do it."""
    previous = submission.status
    now = timezone.now()
    stamped: list[str] = []
    if to_status == SubmissionStatus.DRAFT and submission.started_at is None:
        submission.started_at = now
        stamped.append("started_at")
    if to_status == SubmissionStatus.SUBMITTED:
        submission.submitted_at, submission.submitted_by = now, actor
        submission.first_submitted_at = submission.first_submitted_at or now
        stamped += ["submitted_at", "submitted_by", "first_submitted_at", "warnings"]
    if to_status == SubmissionStatus.APPROVED:
        submission.approved_at, submission.approved_by = now, actor
        stamped += ["approved_at", "approved_by"]
    elif previous == SubmissionStatus.APPROVED:
        submission.approved_at, submission.approved_by = None, None
        stamped += ["approved_at", "approved_by"]
    SUBMISSION_WORKFLOW.advance(
        actor,
        submission,
        to_status,
        reason=comment,
        details={"round": submission.round_id},
        also_save=stamped,
    )
    SubmissionEvent.objects.create(
        submission=submission, at=now, by=actor, from_status=previous, to_status=to_status, comment=comment
    )
    return submission


def _advance_contribution(actor: User, contribution: Contribution, to_status: str, comment: str = "") -> None:
    stamped: list[str] = []
    if to_status == ContributionStatus.SUBMITTED:
        contribution.submitted_at, contribution.submitted_by = timezone.now(), actor
        stamped += ["submitted_at", "submitted_by"]
    if to_status == ContributionStatus.RETURNED:
        contribution.comment = comment
        stamped.append("comment")
    CONTRIBUTION_WORKFLOW.advance(
        actor,
        contribution,
        to_status,
        reason=comment,
        details={"submission": contribution.submission_id},
        also_save=stamped,
    )


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("round__form_version", "region")
        .get(pk=submission.pk)
    )


def _locked_contribution(contribution: Contribution) -> Contribution:
    locked = (
        Contribution.objects.select_for_update()
        .select_related("submission__round__form_version", "submission__region", "section")
        .get(pk=contribution.pk)
    )
    locked.submission = _locked(locked.submission)
    return locked


# --- rounds ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundInput:
    form_version: FormVersion
    period_kind: str
    year: int
    number: int
    deadline: date
    regions: list[Region]
    reference_date: date | None = None


@transaction.atomic
def open_round(actor: User, data: RoundInput) -> Round:
    """Open a round for a period with a deadline among the given regions, each with a form not yet started.

    One round per form and period. The reference day (free places, waiting list) is the last day of the
    period unless given."""
    scoping.require(actor, "collection.manage_rounds")
    if data.period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Choose a quarter, a half-year or a year.")})
    try:
        start, end = period_bounds(data.period_kind, data.year, data.number)
    except ValueError as error:
        raise ValidationError({"number": _("This period does not exist.")}) from error
    if not data.regions:
        raise ValidationError({"regions": _("Choose at least one region.")})
    if data.deadline < end:
        raise ValidationError({"deadline": _("The deadline falls after the end of the period.")})
    reference = data.reference_date or end
    if not start <= reference <= end:
        raise ValidationError({"reference_date": _("The reference day lies within the period.")})
    duplicate = Round.objects.filter(
        form_version__form_id=data.form_version.form_id, period_start=start, period_end=end
    )
    if duplicate.exists():
        raise ValidationError(_("This form already has a round for this period."))
    round_ = Round.objects.create(
        form_version=data.form_version,
        period_kind=data.period_kind,
        period_start=start,
        period_end=end,
        reference_date=reference,
        deadline=data.deadline,
        opened_by=actor,
    )
    Submission.objects.bulk_create([Submission(round=round_, region=region) for region in data.regions])
    record(
        actor,
        "collection.open_round",
        round_,
        details={
            "period": round_.period_label,
            "regions": len(data.regions),
            "version": data.form_version.pk,
        },
    )
    subject = _("Opvangnet: data collection %(round)s has opened") % {"round": round_.period_label}
    body = _(
        "The data collection for %(period)s is open. The deadline is %(deadline)s. Log in to Opvangnet and "
        "open 'Data collection' to fill in your region's form; figures Opvangnet already holds are filled in."
    ) % {"period": round_.period_label, "deadline": format_day(round_.deadline)}
    emails = User.objects.filter(role=Role.COORDINATOR, is_active=True, region__in=data.regions).exclude(
        email=""
    )
    _after_commit(subject, body, emails.values_list("email", flat=True))
    return round_


# --- values ------------------------------------------------------------------------------------------------


def _scope_questions(submission: Submission, contribution: Contribution | None) -> dict[str, Question]:
    return {question.code: question for question in questions_of(submission.round, contribution)}


def _parse(
    questions: dict[str, Question], inputs: Iterable[ValueInput]
) -> tuple[dict[Cell, tuple[Decimal | None, str, str | None]], list[Issue]]:
    parsed: dict[Cell, tuple[Decimal | None, str, str | None]] = {}
    issues: list[Issue] = []
    for given in inputs:
        question = questions.get(given.question)
        breakdown = given.breakdown or ""
        if question is None:
            issues.append(Issue(ERROR, given.question, breakdown, _("This form has no such question.")))
            continue
        if breakdown not in question.breakdown_codes():
            issues.append(Issue(ERROR, given.question, breakdown, _("This question has no such breakdown.")))
            continue
        number, text, error = parse_cell(QuestionSpec.of(question), given.value)
        if error:
            issues.append(Issue(ERROR, given.question, breakdown, error))
            continue
        comment = given.comment.strip() if given.comment is not None else None
        parsed[(given.question, breakdown)] = (number, text, comment)
    return parsed, issues


def _merged(
    current: dict[Cell, CellState], parsed: dict[Cell, tuple[Decimal | None, str, str | None]]
) -> dict[Cell, CellState]:
    merged = {cell: CellState(s.number, s.text, s.prefilled, s.comment) for cell, s in current.items()}
    for cell, (number, text, comment) in parsed.items():
        state = merged.setdefault(cell, CellState())
        state.number, state.text = number, text
        if comment is not None:
            state.comment = comment
    return merged


def _write(
    actor: User | None,
    submission: Submission,
    contribution: Contribution | None,
    questions: dict[str, Question],
    existing: dict[Cell, DataValue],
    merged: dict[Cell, CellState],
    cells: Iterable[Cell],
    source: str,
) -> SaveResult:
    """Store the given cells of `merged`; every change of value or comment keeps a `DataValueChange`.
    Three queries whatever the number of cells."""
    result = SaveResult()
    now = timezone.now()
    created: list[DataValue] = []
    updated: list[DataValue] = []
    pending: list[tuple[DataValue, str, str]] = []
    for cell in cells:
        state = merged[cell]
        value = existing.get(cell)
        if value is None:
            if not state.answered and not state.comment and state.prefilled is None:
                result.unchanged += 1
                continue
            value = DataValue(
                submission=submission,
                contribution=contribution,
                question=questions[cell[0]],
                breakdown=cell[1],
            )
            old = ""
            created.append(value)
        else:
            old = value.display_value
            same = (value.number, value.text, value.comment, value.prefilled) == (
                state.number,
                state.text,
                state.comment,
                state.prefilled,
            )
            if same:
                result.unchanged += 1
                continue
            updated.append(value)
        value.number, value.text, value.comment, value.prefilled = (
            state.number,
            state.text,
            state.comment,
            state.prefilled,
        )
        value.source, value.updated_at, value.updated_by = source, now, actor
        existing[cell] = value
        pending.append((value, old, state.comment))
    DataValue.objects.bulk_create(created)
    DataValue.objects.bulk_update(
        updated, ["number", "text", "comment", "prefilled", "source", "updated_at", "updated_by"]
    )
    result.created, result.updated = len(created), len(updated)
    changes = [
        DataValueChange(
            value=value,
            changed_at=now,
            changed_by=actor,
            source=source,
            old_value=old,
            new_value=value.display_value,
            comment=comment,
        )
        for value, old, comment in pending
    ]
    DataValueChange.objects.bulk_create(changes)
    return result


def _check(
    submission: Submission, contribution: Contribution | None, inputs: Iterable[ValueInput]
) -> tuple[list[Issue], dict[Cell, tuple[Decimal | None, str, str | None]], dict[Cell, CellState]]:
    """Cell errors of the inputs and rule errors of the form as it would stand; writes nothing."""
    questions = _scope_questions(submission, contribution)
    parsed, issues = _parse(questions, inputs)
    merged = _merged(cell_states(stored_values(submission, contribution)), parsed)
    issues += [
        issue
        for issue in review(submission, contribution, merged, for_submission=False)
        if issue.level == ERROR
    ]
    return issues, parsed, merged


def _save(
    actor: User | None,
    submission: Submission,
    contribution: Contribution | None,
    inputs: Iterable[ValueInput],
    source: str,
) -> tuple[SaveResult, dict[Cell, CellState]]:
    """Parse, check (cell errors and rules, on the form as it would stand) and store, or raise
    ValuesRejected."""
    issues, parsed, merged = _check(submission, contribution, inputs)
    if issues:
        raise ValuesRejected(issues)
    questions = _scope_questions(submission, contribution)
    existing = {
        (value.question.code, value.breakdown): value for value in stored_values(submission, contribution)
    }
    result = _write(actor, submission, contribution, questions, existing, merged, list(parsed), source)
    return result, merged


def _save_reviewed(
    actor: User,
    submission: Submission,
    contribution: Contribution | None,
    inputs: Iterable[ValueInput],
    source: str,
    action: str,
    *,
    handing_in: bool = False,
) -> SaveResult:
    """Save the answers (ValuesRejected on cell or rule errors) and audit the save as `action`; the result
    carries the issues of the form (or contribution) as it now stands. `handing_in` also refuses, before
    anything is audited, while an error stands or a warning has no comment."""
    result, merged = _save(actor, submission, contribution, inputs, source)
    result.issues = review(submission, contribution, merged)
    if handing_in:
        blocking = [issue for issue in result.issues if issue.blocks]
        if blocking:
            raise ValuesRejected(blocking)
    details = {"source": source, "created": result.created, "updated": result.updated}
    record(actor, action, contribution or submission, details=details)
    return result


def _start(actor: User | None, submission: Submission) -> None:
    """Not started → draft, with the figures Opvangnet holds filled in."""
    if submission.status == SubmissionStatus.NOT_STARTED:
        advance(actor, submission, SubmissionStatus.DRAFT)
        _prefill(actor, submission)


def _check_region_form(actor: User, submission: Submission) -> None:
    if not scoping.can_fill_region_form(actor, submission):
        raise PermissionDenied(_("Only the region's own coordinator fills in this form."))
    if not submission.is_editable:
        raise ValidationError(
            _("This form is %(status)s and cannot be changed.")
            % {"status": SubmissionStatus(submission.status).label.lower()}
        )


def _open_region_form(actor: User, submission: Submission) -> Submission:
    """The region form locked for filling in by `actor` (checked), and started if it was not."""
    submission = _locked(submission)
    _check_region_form(actor, submission)
    _start(actor, submission)
    return submission


@transaction.atomic
def start_submission(actor: User, submission: Submission) -> Submission:
    """Start filling in a region form: it becomes a draft with Opvangnet's figures prefilled."""
    return _open_region_form(actor, submission)


@transaction.atomic
def save_submission_values(
    actor: User, submission: Submission, inputs: Iterable[ValueInput], *, source: str = ValueSource.WEB
) -> SaveResult:
    """Save answers as a draft. Cell and rule errors refuse the whole save (ValuesRejected); missing answers
    and warnings do not. A form not yet started is started (and prefilled) first."""
    submission = _open_region_form(actor, submission)
    return _save_reviewed(actor, submission, None, inputs, source, "collection.save_values")


@transaction.atomic
def submit_submission(
    actor: User, submission: Submission, inputs: Iterable[ValueInput] = (), *, source: str = ValueSource.WEB
) -> SaveResult:
    """Save the given answers and hand the form in. Refused (nothing written) while an error stands or a
    warning has no comment. Mails the national coordination centre after commit."""
    submission = _open_region_form(actor, submission)
    result = _save_reviewed(
        actor, submission, None, inputs, source, "collection.save_values", handing_in=True
    )
    submission.warnings = sum(1 for issue in result.issues if issue.level != ERROR)
    advance(actor, submission, SubmissionStatus.SUBMITTED)
    subject = _("Opvangnet: %(region)s submitted its form for %(round)s") % {
        "region": submission.region.name,
        "round": submission.round.period_label,
    }
    body = _(
        "The region %(region)s has submitted its data-collection form. Log in to Opvangnet to review it."
    ) % {"region": submission.region.name}
    _after_commit(subject, body, national_emails())
    return result


class UploadRejected(Exception):
    """An uploaded workbook has problems; nothing was written. `errors` has each with its sheet and cell."""

    def __init__(self, errors: list[spreadsheets.CellError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@transaction.atomic
def upload_workbook(actor: User, submission: Submission, content: bytes) -> SaveResult:
    """Save the answers of an uploaded region workbook as a draft, all or nothing: any problem (a wrong round
    or region, an unknown code, a value of the wrong type or out of range, a rule broken, a correction without
    explanation) refuses the whole upload and lists every problem with its sheet and cell."""
    submission = _locked(submission)
    _check_region_form(actor, submission)
    read = spreadsheets.read_upload(submission, content)
    errors = list(read.errors)
    if not any(error.sheet == spreadsheets.INFO_SHEET or not error.sheet for error in errors):
        _start(actor, submission)
        issues, _parsed, _merged_values = _check(submission, None, read.inputs)
        errors += [spreadsheets.locate(issue, read.locations) for issue in issues]
    if errors:
        raise UploadRejected(errors)
    return _save_reviewed(actor, submission, None, read.inputs, ValueSource.XLSX, "collection.save_values")


def _review_action(
    actor: User, submission: Submission, to_status: str, comment: str, action: str
) -> Submission:
    scoping.require(actor, "collection.manage_rounds")
    submission = _locked(submission)
    advance(actor, submission, to_status, comment=comment)
    subject = _("Opvangnet: your region's form for %(round)s was %(action)s") % {
        "round": submission.round.period_label,
        "action": action,
    }
    body = _("Log in to Opvangnet and open 'Data collection' to see the form and any comment.")
    _after_commit(subject, body, coordinator_emails(submission.region_id))
    return submission


@transaction.atomic
def return_submission(actor: User, submission: Submission, comment: str) -> Submission:
    """Send a submitted form back to the region with a comment saying what to change."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the region should change.")})
    return _review_action(actor, submission, SubmissionStatus.RETURNED, comment.strip(), _("returned"))


@transaction.atomic
def approve_submission(actor: User, submission: Submission) -> Submission:
    """Approve a submitted form: its figures are locked and count in the national picture."""
    return _review_action(actor, submission, SubmissionStatus.APPROVED, "", _("approved"))


@transaction.atomic
def reopen_submission(actor: User, submission: Submission, reason: str) -> Submission:
    """Unlock an approved form (only the national coordination centre, with a reason); it goes back to the
    region as returned, and drops out of the approved figures until approved again."""
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for reopening.")})
    return _review_action(actor, submission, SubmissionStatus.RETURNED, reason.strip(), _("reopened"))


# --- prefill -----------------------------------------------------------------------------------------------


def _prefill(actor: User | None, submission: Submission) -> int:
    """Fill in Opvangnet's figures; a cell the region corrected keeps its answer (both values stay)."""
    figures = prefilled_figures(submission)
    questions = _scope_questions(submission, None)
    values = stored_values(submission)
    existing = {(value.question.code, value.breakdown): value for value in values}
    merged = cell_states(values)
    touched = []
    for cell, figure in figures.items():
        state = merged.setdefault(cell, CellState())
        corrected = state.number is not None and state.number != state.prefilled
        state.prefilled = figure
        if not corrected:
            state.number = figure
        touched.append(cell)
    result = _write(actor, submission, None, questions, existing, merged, touched, ValueSource.PREFILL)
    submission.prefilled_at = timezone.now()
    submission.save(update_fields=["prefilled_at"])
    return result.created + result.updated


@transaction.atomic
def refresh_prefill(actor: User, submission: Submission) -> int:
    """Count Opvangnet's figures again (e.g. after late registrations); corrections stay."""
    submission = _locked(submission)
    _check_region_form(actor, submission)
    _start(actor, submission)
    changed = _prefill(actor, submission)
    record(actor, "collection.prefill", submission, details={"changed": changed})
    return changed


# --- contributions -----------------------------------------------------------------------------------------


@transaction.atomic
def invite_contributor(
    actor: User,
    submission: Submission,
    section_code: str,
    *,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
) -> Contribution:
    """Ask a municipality of the region, or an umbrella or provider organisation, to fill in its section.

    The party's contributor accounts are mailed after commit; accounts themselves are made by the
    administrator (they need two factors like every account)."""
    submission = _locked(submission)
    _check_region_form(actor, submission)
    if (municipality is None) == (organisation is None):
        raise ValidationError(_("Invite either a municipality or an organisation."))
    section = submission.round.form_version.sections.filter(code=section_code).first()
    if section is None or not section.is_for_contributors:
        raise ValidationError({"section": _("This section is not filled in by contributors.")})
    if municipality is not None:
        if section.audience != Audience.MUNICIPALITY:
            raise ValidationError({"section": _("This section is for organisations, not municipalities.")})
        if municipality.region_id != submission.region_id:
            raise ValidationError({"municipality": _("This municipality belongs to another region.")})
    if organisation is not None:
        if section.audience != Audience.ORGANISATION:
            raise ValidationError({"section": _("This section is for municipalities, not organisations.")})
        if organisation.kind not in (OrganisationKind.UMBRELLA, OrganisationKind.PROVIDER):
            raise ValidationError({"organisation": _("Invite an umbrella or provider organisation.")})
    party: dict[str, Municipality | Organisation | None] = (
        {"municipality": municipality} if municipality is not None else {"organisation": organisation}
    )
    if Contribution.objects.filter(submission=submission, section=section, **party).exists():
        raise ValidationError(_("This party has already been invited for this section."))
    contribution = Contribution.objects.create(
        submission=submission, section=section, invited_by=actor, **party
    )
    record(
        actor,
        "collection.invite",
        contribution,
        details={"section": section.code, "party": "municipality" if municipality else "organisation"},
    )
    subject = _("Opvangnet: you are asked to contribute to the data collection %(round)s") % {
        "round": submission.round.period_label
    }
    body = _(
        "The care coordinator of %(region)s asks you to fill in the section '%(section)s' of the region's "
        "data-collection form, before %(deadline)s. Log in to Opvangnet and open 'My contributions'."
    ) % {
        "region": submission.region.name,
        "section": section.title,
        "deadline": format_day(submission.round.deadline),
    }
    _after_commit(subject, body, contributor_emails(contribution))
    return contribution


def _open_contribution(actor: User, contribution: Contribution) -> Contribution:
    """The contribution locked for filling in by `actor` (checked), a draft once invited."""
    contribution = _locked_contribution(contribution)
    if not scoping.can_fill_contribution(actor, contribution):
        raise PermissionDenied(_("Only the invited party fills in this contribution."))
    if not contribution.is_editable:
        raise ValidationError(_("This contribution can no longer be changed."))
    if contribution.status == ContributionStatus.INVITED:
        _advance_contribution(actor, contribution, ContributionStatus.DRAFT)
    return contribution


@transaction.atomic
def save_contribution_values(
    actor: User, contribution: Contribution, inputs: Iterable[ValueInput], *, source: str = ValueSource.WEB
) -> SaveResult:
    contribution = _open_contribution(actor, contribution)
    return _save_reviewed(
        actor, contribution.submission, contribution, inputs, source, "collection.save_contribution"
    )


@transaction.atomic
def submit_contribution(
    actor: User,
    contribution: Contribution,
    inputs: Iterable[ValueInput] = (),
    *,
    source: str = ValueSource.WEB,
) -> SaveResult:
    """Save and hand in a contribution; the region's coordinators are mailed after commit."""
    contribution = _open_contribution(actor, contribution)
    result = _save_reviewed(
        actor,
        contribution.submission,
        contribution,
        inputs,
        source,
        "collection.save_contribution",
        handing_in=True,
    )
    _advance_contribution(actor, contribution, ContributionStatus.SUBMITTED)
    subject = _("Opvangnet: a contribution to your region's form for %(round)s was submitted") % {
        "round": contribution.submission.round.period_label
    }
    body = _("%(party)s submitted its contribution '%(section)s'. Log in to Opvangnet to consolidate it.") % {
        "party": contribution.party_name,
        "section": contribution.section.title,
    }
    _after_commit(subject, body, coordinator_emails(contribution.submission.region_id))
    return result


@transaction.atomic
def return_contribution(actor: User, contribution: Contribution, comment: str) -> Contribution:
    """The coordinator sends a submitted contribution back with a comment."""
    contribution = _locked_contribution(contribution)
    _check_region_form(actor, contribution.submission)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    _advance_contribution(actor, contribution, ContributionStatus.RETURNED, comment.strip())
    _after_commit(
        _("Opvangnet: your contribution was returned"),
        _("The care coordinator returned your contribution with a comment. Log in to Opvangnet to see it."),
        contributor_emails(contribution),
    )
    return contribution


def _combine(question: Question, states: list[CellState], parties: list[str]) -> tuple[Decimal | None, str]:
    """Whole numbers add up, percentages average, the most frequent choice wins, texts are joined by party."""
    if question.kind == QuestionKind.INTEGER:
        numbers = [state.number for state in states if state.number is not None]
        return (sum(numbers, Decimal(0)) if numbers else None), ""
    if question.kind == QuestionKind.PERCENTAGE:
        numbers = [state.number for state in states if state.number is not None]
        if not numbers:
            return None, ""
        mean = sum(numbers, Decimal(0)) / len(numbers)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ""
    if question.kind == QuestionKind.CHOICE:
        counted = Counter(state.text for state in states if state.text)
        if not counted:
            return None, ""
        highest = max(counted.values())
        return None, sorted(code for code, count in counted.items() if count == highest)[0]
    texts = [f"{party}: {state.text}" for party, state in zip(parties, states, strict=True) if state.text]
    return None, "\n\n".join(texts)


@transaction.atomic
def consolidate(actor: User, submission: Submission) -> SaveResult:
    """Put the submitted contributions into the region's own answers for their sections (see `_combine`);
    the coordinator checks them before submitting. Sections without a submitted contribution stay as
    they are."""
    submission = _open_region_form(actor, submission)
    contributions = list(
        submission.contributions.filter(status=ContributionStatus.SUBMITTED).select_related(
            "section", "municipality", "organisation"
        )
    )
    if not contributions:
        raise ValidationError(_("No contribution has been submitted yet."))
    states: dict[Cell, list[CellState]] = defaultdict(list)
    parties: dict[Cell, list[str]] = defaultdict(list)
    questions = _scope_questions(submission, None)
    for contribution in contributions:
        answers = cell_states(stored_values(submission, contribution))
        for question in questions_of(submission.round, contribution):
            for code in question.breakdown_codes():
                states[(question.code, code)].append(answers.get((question.code, code), CellState()))
                parties[(question.code, code)].append(contribution.party_name)
    inputs = []
    for (code, breakdown), cell_list in states.items():
        number, text = _combine(questions[code], cell_list, parties[(code, breakdown)])
        value = format_number(number) if number is not None else text
        inputs.append(ValueInput(code, breakdown, value))
    return _save_reviewed(
        actor, submission, None, inputs, ValueSource.CONSOLIDATION, "collection.consolidate"
    )


# --- forms -------------------------------------------------------------------------------------------------


def revise_form(
    actor: User, version: FormVersion, change: Callable[[dict[str, Any]], None], what: str
) -> FormVersion:
    """Apply `change` to the form's latest version as a document. A version a round uses never changes: the
    change then makes the next version, which later rounds can use. Returns the version that holds it."""
    scoping.require(actor, "collection.manage_rounds")
    with transaction.atomic():
        latest = version.form.latest_version()
        if latest is None or latest.pk != version.pk:
            raise ValidationError(_("Only the latest version of a form can be changed."))
        document = definitions.definition_of(version)
        change(document)
        errors = definitions.check_definition(document)
        if errors:
            raise ValidationError(errors)
        if version.is_in_use():
            revised = definitions.load_definition(document, actor=actor, based_on=version)
        else:
            revised = definitions.replace_content(version, document)
        record(
            actor,
            "collection.form_changed",
            revised,
            details={"change": what, "from_version": version.number, "version": revised.number},
        )
    return revised
