"""Data-collection rounds (uitvraag): forms as data, rounds, each region's submission, the contributions of
municipalities and umbrella organisations, and every value with its history.

A form has numbered versions; a round uses one version, and every answer points at a question of that version,
so editing a form that a round uses makes a new version and never changes what was answered.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping
from opvangnet.core.workflow import Workflow
from opvangnet.vocabulary import AgeGroup, BedCareType, CareType, Exploitation, Gender

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


# --- forms as data ----------------------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    PERCENTAGE = "percentage", _("Percentage")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")


NUMERIC_KINDS = frozenset({QuestionKind.INTEGER, QuestionKind.PERCENTAGE})


class Dimension(models.TextChoices):
    EXPLOITATION = "exploitation", _("Exploitation type")
    GENDER = "gender", _("Gender")
    AGE_GROUP = "age_group", _("Age group")
    CARE_TYPE = "care_type", _("Care type")
    BED_CARE_TYPE = "bed_care_type", _("Care type with beds")


# The code lists come from the one vocabulary; a form only names the dimension.
DIMENSION_CHOICES: dict[str, type[models.TextChoices]] = {
    Dimension.EXPLOITATION: Exploitation,
    Dimension.GENDER: Gender,
    Dimension.AGE_GROUP: AgeGroup,
    Dimension.CARE_TYPE: CareType,
    Dimension.BED_CARE_TYPE: BedCareType,
}


class Audience(models.TextChoices):
    REGION = "region", _("The region's care coordinator")
    MUNICIPALITY = "municipality", _("Municipalities of the region")
    ORGANISATION = "organisation", _("Umbrella and provider organisations")


CONTRIBUTOR_AUDIENCES = frozenset({Audience.MUNICIPALITY, Audience.ORGANISATION})


class RuleKind(models.TextChoices):
    BREAKDOWN_SUM = "breakdown_sum", _("The breakdown adds up to the total")
    SUM_EQUALS = "sum_equals", _("These questions add up to that question")
    AT_MOST = "at_most", _("These questions together are at most that question")


class CollectionForm(models.Model):
    """A form of a data-collection round, e.g. the national uitvraag; its content lives in versions."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("data-collection form")
        verbose_name_plural = _("data-collection forms")
        permissions = [
            ("manage_rounds", "Can define forms, open rounds and review, approve and reopen submissions"),
            ("fill_region_form", "Can fill in and submit the own region's forms and invite contributors"),
            ("contribute", "Can fill in the own section of the own region's form"),
        ]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> FormVersion | None:
        return self.versions.order_by("-number").first()


class FormVersion(models.Model):
    form = models.ForeignKey(CollectionForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )

    class Meta:
        ordering = ["form__name", "-number"]
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="unique_form_version_number")]

    def __str__(self) -> str:
        return f"{self.form.name} v{self.number}"

    def is_in_use(self) -> bool:
        """True once a round uses this version: from then on it never changes (edits make a new version)."""
        return self.rounds.exists()


class Section(models.Model):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("filled in by"), max_length=20, choices=Audience.choices, default=Audience.REGION
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_section_code")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_for_contributors(self) -> bool:
        return self.audience in CONTRIBUTOR_AUDIENCES


class Question(models.Model):
    """One question; a number may be broken down by one vocabulary dimension (one answer per code)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("explanation"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    dimension = models.CharField(_("broken down by"), max_length=20, choices=Dimension.choices, blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    # For choice questions: [[code, label], ...] in the form's language.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    prefill = models.CharField(
        _("prefilled from"),
        max_length=60,
        blank=True,
        help_text=_("The figure from Opvangnet's own records that fills in this question."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dimension="")
                | models.Q(kind__in=[QuestionKind.INTEGER, QuestionKind.PERCENTAGE]),
                name="only_numbers_are_broken_down",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def breakdown_codes(self) -> list[str]:
        """The answer cells: "" for the total, then one per code of the dimension."""
        if not self.dimension:
            return [""]
        return ["", *DIMENSION_CHOICES[self.dimension].values]

    def breakdown_label(self, code: str) -> str:
        if not code:
            return str(_("Total"))
        choices = DIMENSION_CHOICES[self.dimension]
        return str(choices(code).label) if code in choices.values else code

    def choice_codes(self) -> list[str]:
        return [str(code) for code, _label in self.choices]

    def choice_label(self, code: str) -> str:
        return next((str(label) for value, label in self.choices if value == code), code)


class Rule(models.Model):
    """A check between answers, on totals: `left` (question codes) against `right` (one question code)."""

    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    left = models.JSONField(_("questions"), default=list)
    right = models.CharField(_("compared with"), max_length=60)
    message = models.CharField(_("message"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {', '.join(self.left)} / {self.right}"


# --- rounds and submissions -------------------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


PERIOD_MONTHS: dict[str, int] = {PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """First and last day of quarter `number` (1–4), half-year `number` (1–2) or the year."""
    months = PERIOD_MONTHS[kind]
    if not 1 <= number <= 12 // months:
        raise ValueError(f"a {kind} of {year} has no number {number}")
    first_month = (number - 1) * months + 1
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
    return start, end - timedelta(days=1)


def period_label(kind: str, start: date) -> str:
    if kind == PeriodKind.QUARTER:
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if kind == PeriodKind.HALF_YEAR:
        return f"{start.year} H{(start.month - 1) // 6 + 1}"
    return str(start.year)


class RoundQuerySet(models.QuerySet["Round"]):
    def visible_to(self, user: Viewer) -> RoundQuerySet:
        """Rounds this user may see; see `accounts.scoping.collection_rounds_for`. Form version joined."""
        return scoping.collection_rounds_for(user, self).select_related("form_version__form")


class Round(models.Model):
    """One data collection for one period, with a deadline, among the regions that have a submission."""

    form_version = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("form version")
    )
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    reference_date = models.DateField(
        _("reference day"), help_text=_("The day on which free places and the waiting list are counted.")
    )
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("data-collection round")
        verbose_name_plural = _("data-collection rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="round_period_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_version.form.name} {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_start)

    def deadline_passed(self, now: datetime | None = None) -> bool:
        return timezone.localdate(now or timezone.now()) > self.deadline

    def deadline_end(self) -> datetime:
        """The last moment that still counts as on time: the end of the deadline day, local time."""
        zone = timezone.get_current_timezone()
        return datetime.combine(self.deadline + timedelta(days=1), time.min, tzinfo=zone)


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with a comment")
    APPROVED = "approved", _("Approved")


# The workflow as data: `SUBMISSION_WORKFLOW` (through `services.advance`) refuses every other change.
# Reopening an approved form sends it back to the region (returned) with the national coordinator's reason.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    SubmissionStatus.NOT_STARTED: frozenset({SubmissionStatus.DRAFT}),
    SubmissionStatus.DRAFT: frozenset({SubmissionStatus.SUBMITTED}),
    SubmissionStatus.SUBMITTED: frozenset({SubmissionStatus.RETURNED, SubmissionStatus.APPROVED}),
    SubmissionStatus.RETURNED: frozenset({SubmissionStatus.SUBMITTED}),
    SubmissionStatus.APPROVED: frozenset({SubmissionStatus.RETURNED}),
}
EDITABLE_STATUSES = frozenset(
    {SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}
)
HANDED_IN_STATUSES = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED})


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, user: Viewer) -> SubmissionQuerySet:
        """Region forms this user may see; see `accounts.scoping.collection_submissions_for`.

        Round, form version and region joined (one query)."""
        return scoping.collection_submissions_for(user, self).select_related(
            "round__form_version__form", "region"
        )


class Submission(models.Model):
    """One region's form in one round: its values, its status and who handed it in when."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="collection_submissions"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NOT_STARTED,
        db_index=True,
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    warnings = models.PositiveIntegerField(
        _("warnings"), default=0, help_text=_("Warnings explained with a comment at the last submission.")
    )
    prefilled_at = models.DateTimeField(_("prefilled at"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["round", "region__name"]
        verbose_name = _("region form")
        verbose_name_plural = _("region forms")
        constraints = [models.UniqueConstraint(fields=["round", "region"], name="one_submission_per_region")]

    def __str__(self) -> str:
        return f"{self.round} – {self.region.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def days_late(self) -> int:
        """Days between the deadline and the first submission; 0 when on time or not yet submitted."""
        if self.first_submitted_at is None:
            return 0
        return max(0, (timezone.localdate(self.first_submitted_at) - self.round.deadline).days)


SUBMISSION_WORKFLOW: Workflow[Submission] = Workflow(
    states=SubmissionStatus, transitions=ALLOWED_TRANSITIONS, audit_action="collection.advance"
)


class SubmissionEvent(models.Model):
    """A change of status with its comment: the region sees why its form was returned or reopened."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=SubmissionStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=SubmissionStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class ContributionStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with a comment")


CONTRIBUTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ContributionStatus.INVITED: frozenset({ContributionStatus.DRAFT}),
    ContributionStatus.DRAFT: frozenset({ContributionStatus.SUBMITTED}),
    ContributionStatus.SUBMITTED: frozenset({ContributionStatus.RETURNED}),
    ContributionStatus.RETURNED: frozenset({ContributionStatus.SUBMITTED}),
}
CONTRIBUTION_EDITABLE = frozenset(
    {ContributionStatus.INVITED, ContributionStatus.DRAFT, ContributionStatus.RETURNED}
)


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def visible_to(self, user: Viewer) -> ContributionQuerySet:
        """Contributions this user may see; see `accounts.scoping.collection_contributions_for`."""
        return scoping.collection_contributions_for(user, self).select_related(
            "submission__round__form_version__form",
            "submission__region",
            "section",
            "municipality",
            "organisation",
        )


class Contribution(models.Model):
    """One municipality's or organisation's answers to one section of its region's form."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="contributions")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="contributions")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ContributionStatus.choices, default=ContributionStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment from the coordinator"), blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "section__position", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, organisation__isnull=True)
                | models.Q(municipality__isnull=True, organisation__isnull=False),
                name="contribution_has_one_party",
            ),
            models.UniqueConstraint(
                fields=["submission", "section", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="one_contribution_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["submission", "section", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_contribution_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_name} – {self.section.title}"

    @property
    def party_name(self) -> str:
        party = self.municipality or self.organisation
        return str(party) if party is not None else ""

    @property
    def is_editable(self) -> bool:
        return self.status in CONTRIBUTION_EDITABLE and self.submission.is_editable

    def is_late(self) -> bool:
        deadline = self.submission.round.deadline
        if self.submitted_at is None:
            return timezone.localdate() > deadline
        return timezone.localdate(self.submitted_at) > deadline


CONTRIBUTION_WORKFLOW: Workflow[Contribution] = Workflow(
    states=ContributionStatus,
    transitions=CONTRIBUTION_TRANSITIONS,
    audit_action="collection.contribution_advance",
)


# --- values -------------------------------------------------------------------------------------------------


class ValueSource(models.TextChoices):
    WEB = "web", _("Web page")
    XLSX = "xlsx", _("Spreadsheet upload")
    API = "api", _("API")
    PREFILL = "prefill", _("Opvangnet's records")
    CONSOLIDATION = "consolidation", _("Consolidated contributions")
    DEMO = "demo", _("Demo data")


class DataValue(models.Model):
    """One answer cell: a question's total or one breakdown code, of the region or of one contribution.

    `prefilled` is what Opvangnet counted in its own records; `number` is the answer. When they differ the
    answer is a correction and `comment` explains it; both stay.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="data_values")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="data_values"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="data_values")
    breakdown = models.CharField(_("breakdown"), max_length=40, blank=True)
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    prefilled = models.DecimalField(
        _("prefilled value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("explanation"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=ValueSource.choices)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question__section__position", "question__position", "breakdown"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question", "breakdown"],
                condition=models.Q(contribution__isnull=True),
                name="one_region_value_per_cell",
            ),
            models.UniqueConstraint(
                fields=["contribution", "question", "breakdown"],
                condition=models.Q(contribution__isnull=False),
                name="one_contribution_value_per_cell",
            ),
        ]
        indexes = [models.Index(fields=["question", "breakdown"])]

    def __str__(self) -> str:
        return f"{self.question.code}/{self.breakdown or 'total'}={self.display_value}"

    @property
    def is_prefilled(self) -> bool:
        return self.prefilled is not None

    @property
    def is_correction(self) -> bool:
        return self.prefilled is not None and self.number is not None and self.number != self.prefilled

    @property
    def display_value(self) -> str:
        return format_number(self.number) if self.number is not None else self.text


def format_number(value: Decimal | None) -> str:
    """12.00 → "12", 12.50 → "12.5"; None → ""."""
    if value is None:
        return ""
    normalised = value.quantize(Decimal("0.01")).normalize()
    return f"{normalised:f}"


class DataValueChange(models.Model):
    """Every change of a value, kept: who, when, from what to what, through which channel, and why."""

    value = models.ForeignKey(DataValue, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=ValueSource.choices)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    comment = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change of a value")
        verbose_name_plural = _("changes of values")

    def __str__(self) -> str:
        return f"{self.value_id}: {self.old_value!r} → {self.new_value!r}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    AFTER = "after", _("After the deadline")


class Reminder(models.Model):
    """A reminder mailed for one region form or contribution on one day, so a rerun sends nothing twice."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "sent_on"],
                condition=models.Q(submission__isnull=False),
                name="one_submission_reminder_a_day",
            ),
            models.UniqueConstraint(
                fields=["contribution", "sent_on"],
                condition=models.Q(contribution__isnull=False),
                name="one_contribution_reminder_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on}"
