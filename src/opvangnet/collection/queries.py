"""Read side of data collection: the state of a form, its checks, completeness, and the approved figures.

`approved_figures` and `round_completeness` are what the national picture reads; their shape is documented in
this app's README and must stay stable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from opvangnet.collection import prefill
from opvangnet.collection.models import (
    Contribution,
    ContributionStatus,
    DataValue,
    Question,
    QuestionKind,
    Round,
    Submission,
    SubmissionStatus,
)
from opvangnet.collection.validation import (
    Cell,
    CellState,
    Issue,
    QuestionSpec,
    RuleSpec,
    check_required,
    check_rules,
    check_warnings,
    correction_issue,
)

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

# --- questions and values of one form ----------------------------------------------------------------------


def questions_of(round_: Round, contribution: Contribution | None = None) -> list[Question]:
    """The questions a region form (or one contribution's section) asks, in form order. One query, kept on the
    round object: a version that a round uses never changes."""
    cache: dict[int | None, list[Question]] = round_.__dict__.setdefault("_questions", {})
    key = contribution.section_id if contribution is not None else None
    if key not in cache:
        questions = Question.objects.filter(section__version_id=round_.form_version_id).select_related(
            "section"
        )
        if contribution is not None:
            questions = questions.filter(section_id=contribution.section_id)
        cache[key] = list(questions.order_by("section__position", "position", "pk"))
    return cache[key]


def rules_of(round_: Round) -> list[RuleSpec]:
    """The round's rules (one query, kept on the round object like its questions)."""
    if "_rules" not in round_.__dict__:
        round_.__dict__["_rules"] = [RuleSpec.of(rule) for rule in round_.form_version.rules.all()]
    return list(round_.__dict__["_rules"])


def stored_values(submission: Submission, contribution: Contribution | None = None) -> QuerySet[DataValue]:
    """The region's own values (contribution None) or one contribution's values."""
    values = DataValue.objects.filter(submission=submission)
    if contribution is None:
        return values.filter(contribution__isnull=True).select_related("question")
    return values.filter(contribution=contribution).select_related("question")


def cell_states(values: QuerySet[DataValue]) -> dict[Cell, CellState]:
    return {
        (value.question.code, value.breakdown): CellState(
            value.number, value.text, value.prefilled, value.comment
        )
        for value in values
    }


def earlier_values(submission: Submission) -> dict[Cell, list[Decimal]]:
    """The region's approved values of earlier rounds with periods of the same length, oldest first."""
    round_ = submission.round
    rows = (
        DataValue.objects.filter(
            contribution__isnull=True,
            submission__region_id=submission.region_id,
            submission__status=SubmissionStatus.APPROVED,
            submission__round__period_kind=round_.period_kind,
            submission__round__period_end__lt=round_.period_start,
            number__isnull=False,
        )
        .order_by("submission__round__period_start", "pk")
        .values_list("question__code", "breakdown", "number")
    )
    history: dict[Cell, list[Decimal]] = defaultdict(list)
    for code, breakdown, number in rows:
        if number is not None:
            history[(code, breakdown)].append(number)
    return dict(history)


def review(
    submission: Submission,
    contribution: Contribution | None = None,
    values: dict[Cell, CellState] | None = None,
    *,
    for_submission: bool = True,
) -> list[Issue]:
    """Every error and warning of a region form (or one contribution) as it stands, or as `values` would make
    it. Warnings only for the region's form. Three or four queries."""
    round_ = submission.round
    questions = {question.code: QuestionSpec.of(question) for question in questions_of(round_, contribution)}
    if values is None:
        values = cell_states(stored_values(submission, contribution))
    rules = rules_of(round_)
    issues = [
        issue
        for (code, breakdown), state in values.items()
        if code in questions and (issue := correction_issue(questions[code], breakdown, state)) is not None
    ]
    issues += check_rules(rules, questions, values)
    if for_submission:
        issues += check_required(questions.values(), values)
        if contribution is None:
            issues += check_warnings(questions.values(), values, earlier_values(submission))
    return issues


def prefill_period(round_: Round) -> prefill.Period:
    reference = min(round_.reference_date, timezone.localdate())
    return prefill.Period(round_.period_start, round_.period_end, reference)


def prefilled_figures(submission: Submission) -> dict[Cell, Decimal]:
    """What Opvangnet counts for each prefilled cell of this region form now (read only)."""
    questions = [q for q in questions_of(submission.round) if q.prefill]
    figures = prefill.compute(
        (q.prefill for q in questions), submission.region, prefill_period(submission.round)
    )
    cells: dict[Cell, Decimal] = {}
    for question in questions:
        figure = figures.get(question.prefill, {})
        for code in question.breakdown_codes():
            if code in figure:
                cells[(question.code, code)] = _fit(question, figure[code])
    return cells


def _fit(question: Question, value: Decimal) -> Decimal:
    if question.kind == QuestionKind.INTEGER:
        return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- completeness and timeliness ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionRow:
    contribution_id: int
    party: str
    section: str
    status: str
    submitted_at: datetime | None
    late: bool

    @property
    def status_label(self) -> str:
        return str(ContributionStatus(self.status).label)


@dataclass(frozen=True)
class RegionRow:
    submission_id: int
    region_code: str
    region_name: str
    status: str
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    approved_at: datetime | None
    days_late: int
    timeliness: str  # "on_time", "late", "missing" (deadline passed, never submitted) or "open"
    warnings: int
    contributions: list[ContributionRow] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(SubmissionStatus(self.status).label)


@dataclass(frozen=True)
class Completeness:
    round_id: int
    deadline: date
    expected: int
    submitted: int  # submitted or approved now
    approved: int
    on_time: int
    late: int
    missing: int
    open: int
    contributions_expected: int
    contributions_submitted: int
    regions: list[RegionRow]

    @property
    def percentage(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0


def _timeliness(submission: Submission, today: date) -> str:
    deadline = submission.round.deadline
    if submission.first_submitted_at is not None:
        return "late" if timezone.localdate(submission.first_submitted_at) > deadline else "on_time"
    return "missing" if today > deadline else "open"


def round_completeness(round_or_id: Round | int, now: datetime | None = None) -> Completeness:
    """Which regions and contributors of a round handed in, when, how late and with how many warnings.

    A region counts as submitted while its form is submitted or approved; it is on time when its *first*
    submission fell on or before the deadline (a later return and resubmission does not make it late), late
    when after, missing when the deadline has passed without any submission, open before that. Two queries.
    """
    round_ = round_or_id if isinstance(round_or_id, Round) else Round.objects.get(pk=round_or_id)
    today = timezone.localdate(now or timezone.now())
    submissions = list(
        Submission.objects.filter(round=round_).select_related("region", "round").order_by("region__code")
    )
    by_submission: dict[int, list[ContributionRow]] = defaultdict(list)
    contributions = Contribution.objects.filter(submission__round=round_).select_related(
        "section", "municipality", "organisation", "submission__round"
    )
    for contribution in contributions.order_by("submission_id", "section__position", "pk"):
        by_submission[contribution.submission_id].append(
            ContributionRow(
                contribution.pk,
                contribution.party_name,
                contribution.section.title,
                contribution.status,
                contribution.submitted_at,
                contribution.is_late(),
            )
        )
    rows = [
        RegionRow(
            submission_id=submission.pk,
            region_code=submission.region.code,
            region_name=submission.region.name,
            status=submission.status,
            first_submitted_at=submission.first_submitted_at,
            submitted_at=submission.submitted_at,
            approved_at=submission.approved_at,
            days_late=submission.days_late(),
            timeliness=_timeliness(submission, today),
            warnings=submission.warnings,
            contributions=by_submission.get(submission.pk, []),
        )
        for submission in submissions
    ]
    handed_in = {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED}
    all_contributions = [row for region in rows for row in region.contributions]
    return Completeness(
        round_id=round_.pk,
        deadline=round_.deadline,
        expected=len(rows),
        submitted=sum(row.status in handed_in for row in rows),
        approved=sum(row.status == SubmissionStatus.APPROVED for row in rows),
        on_time=sum(row.timeliness == "on_time" for row in rows),
        late=sum(row.timeliness == "late" for row in rows),
        missing=sum(row.timeliness == "missing" for row in rows),
        open=sum(row.timeliness == "open" for row in rows),
        contributions_expected=len(all_contributions),
        contributions_submitted=sum(row.status == ContributionStatus.SUBMITTED for row in all_contributions),
        regions=rows,
    )


# --- what the national picture reads -----------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovedFigure:
    """One approved answer cell of a region's form."""

    round_id: int
    period_kind: str
    period_start: date
    period_end: date
    region_code: str
    question_code: str
    question_kind: str
    dimension: str | None  # "exploitation", "gender", "age_group", "care_type", "bed_care_type"; None: total
    breakdown: str | None  # the vocabulary code within that dimension, or None for a total
    value: Decimal | str | None  # a number for whole numbers and percentages, the code or text otherwise
    prefilled_value: Decimal | None  # what Opvangnet counted, when the question is prefilled
    approved_at: datetime


def approved_figures(
    period_start: date, period_end: date, regions: list[str] | None = None
) -> list[ApprovedFigure]:
    """Every answer of every approved region form whose round's period lies within [period_start, period_end]
    (inclusive), optionally only for the given region codes. Region values only (contributions are
    consolidated into them). Ordered by period, region, form order. One query.

    A form that is reopened after approval drops out until it is approved again.
    """
    values = DataValue.objects.filter(
        contribution__isnull=True,
        submission__status=SubmissionStatus.APPROVED,
        submission__round__period_start__gte=period_start,
        submission__round__period_end__lte=period_end,
    )
    if regions is not None:
        values = values.filter(submission__region__code__in=list(regions))
    rows = values.order_by(
        "submission__round__period_start",
        "submission__round_id",
        "submission__region__code",
        "question__section__position",
        "question__position",
        "breakdown",
    ).values_list(
        "submission__round_id",
        "submission__round__period_kind",
        "submission__round__period_start",
        "submission__round__period_end",
        "submission__region__code",
        "question__code",
        "question__kind",
        "question__dimension",
        "breakdown",
        "number",
        "text",
        "prefilled",
        "submission__approved_at",
    )
    figures = []
    for row in rows:
        (round_id, kind, start, end, region, code, question_kind, dimension, breakdown, number, text) = row[
            :11
        ]
        prefilled, approved_at = row[11], row[12]
        assert approved_at is not None  # an approved form has its moment of approval
        figures.append(
            ApprovedFigure(
                round_id=round_id,
                period_kind=kind,
                period_start=start,
                period_end=end,
                region_code=region,
                question_code=code,
                question_kind=question_kind,
                dimension=dimension if breakdown else None,
                breakdown=breakdown or None,
                value=number if number is not None else (text or None),
                prefilled_value=prefilled,
                approved_at=approved_at,
            )
        )
    return figures


def visible_rounds(user: Viewer) -> QuerySet[Round]:
    return Round.objects.visible_to(user).order_by("-period_start", "-pk")
