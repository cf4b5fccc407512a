"""The case: one committee's assessment of one application, with its hearings, adjournments for more
information, the members' own views, and the opinions (voorlopig oordeel, concept-oordeel, oordeel).

The workflow is data (`CaseState`, `ALLOWED_TRANSITIONS`, `CASE_WORKFLOW`); services move a case only through
`CASE_WORKFLOW.advance`, and pages ask `next_states()` which actions to offer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping
from opvangnet.core.workflow import Workflow
from opvangnet.identification import deadlines
from opvangnet.identification.fields import EncryptedQuerySet, EncryptedTextField
from opvangnet.identification.models.applications import Application
from opvangnet.identification.models.checklist import ChecklistVersion, Indicator
from opvangnet.identification.models.choices import (
    Discipline,
    InformationSource,
    MemberView,
    Observed,
    OpinionKind,
    Outcome,
    SeatRole,
    Source,
    StandardOfProof,
    Submitter,
)

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


class CaseState(models.TextChoices):
    INVESTIGATION = "investigation", _("Under investigation")
    HEARING_PLANNED = "hearing_planned", _("Hearing planned")
    DELIBERATION = "deliberation", _("In deliberation")
    ADJOURNED = "adjourned", _("Adjourned – more information")
    DRAFT_NEGATIVE = "draft_negative", _("Draft opinion with the person for a response")
    CONCLUDED = "concluded", _("Opinion given")
    REASSESSMENT = "reassessment", _("Reassessment requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_STATES = frozenset({CaseState.CONCLUDED, CaseState.WITHDRAWN})
# States in which the committee works towards its opinion; the opinion deadline runs.
WORKING_STATES = frozenset({CaseState.INVESTIGATION, CaseState.HEARING_PLANNED, CaseState.DELIBERATION})
# The person may withdraw at any moment while the case is open.
_WITHDRAW = (CaseState.WITHDRAWN,)

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.INVESTIGATION: frozenset(
        {CaseState.HEARING_PLANNED, CaseState.DELIBERATION, CaseState.ADJOURNED, *_WITHDRAW}
    ),
    CaseState.HEARING_PLANNED: frozenset(
        {CaseState.DELIBERATION, CaseState.INVESTIGATION, CaseState.ADJOURNED, *_WITHDRAW}
    ),
    CaseState.DELIBERATION: frozenset(
        {
            CaseState.HEARING_PLANNED,
            CaseState.ADJOURNED,
            CaseState.DRAFT_NEGATIVE,
            CaseState.CONCLUDED,
            *_WITHDRAW,
        }
    ),
    CaseState.ADJOURNED: frozenset(
        {CaseState.INVESTIGATION, CaseState.HEARING_PLANNED, CaseState.DELIBERATION, *_WITHDRAW}
    ),
    CaseState.DRAFT_NEGATIVE: frozenset(
        {CaseState.CONCLUDED, CaseState.HEARING_PLANNED, CaseState.ADJOURNED, *_WITHDRAW}
    ),
    CaseState.CONCLUDED: frozenset({CaseState.REASSESSMENT}),
    CaseState.REASSESSMENT: frozenset({CaseState.INVESTIGATION, *_WITHDRAW}),
    CaseState.WITHDRAWN: frozenset(),
}

CASE_WORKFLOW: Workflow[Case] = Workflow(
    states=CaseState,
    transitions=ALLOWED_TRANSITIONS,
    audit_action="identification.advance",
    state_field="state",
    closed_states=CLOSED_STATES,
)


class CaseQuerySet(EncryptedQuerySet["Case"]):
    def visible_to(self, user: Viewer) -> CaseQuerySet:
        """Cases this user may open: the case manager all, a committee member those of their committees.

        Joins the application without its encrypted columns (one query)."""
        return (
            scoping.cases_for(user, self)
            .select_related("application", "checklist_version")
            .defer("application__summary")
        )

    def with_opinions(self) -> CaseQuerySet:
        """Prefetch the opinions without their reasons (one more query)."""
        return self.prefetch_related(
            Prefetch("opinions", queryset=Opinion.objects.without_encrypted().order_by("issued_at", "pk"))
        )

    def open(self) -> CaseQuerySet:
        return self.exclude(state__in=CLOSED_STATES)

    def with_deadline_before(self, moment: dt.datetime) -> CaseQuerySet:
        """Open cases whose current deadline (opinion, response or information) falls before `moment`."""
        return self.open().filter(due_at__lt=moment)


class Case(models.Model):
    """The assessment of one application by an independent multidisciplinary committee."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="case")
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.INVESTIGATION
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checklist_version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    opinion_due = models.DateTimeField(
        _("opinion due"),
        null=True,
        blank=True,
        help_text=_("Moves on while the case is adjourned or a draft opinion waits for a response."),
    )
    due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("assessment case")
        verbose_name_plural = _("assessment cases")

    def __str__(self) -> str:
        return self.application.reference

    @property
    def reference(self) -> str:
        return self.application.reference

    def is_open(self) -> bool:
        return self.state not in CLOSED_STATES

    def next_states(self) -> frozenset[str]:
        return CASE_WORKFLOW.next_states(self)

    def deadline_status(self, now: dt.datetime | None = None) -> deadlines.DeadlineStatus | None:
        if self.due_at is None or not self.is_open():
            return None
        return deadlines.deadline_status(
            timezone.localtime(self.due_at),
            timezone.localtime(now or timezone.now()),
            warning_working_days=settings.IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS,
            extra_closed=settings.IDENTIFICATION_EXTRA_CLOSED_DAYS,
        )

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.deadline_status(now) == deadlines.DeadlineStatus.OVERDUE

    def current_committee(self) -> Committee | None:
        return self.committees.order_by("-pk").first()

    def latest_opinion(self, kind: str | None = None) -> Opinion | None:
        opinions = self.opinions.without_encrypted()
        if kind is not None:
            opinions = opinions.filter(kind=kind)
        return opinions.order_by("-issued_at", "-pk").first()

    def open_draft(self) -> Opinion | None:
        """The draft negative opinion waiting for the person's response, if any."""
        return (
            self.opinions.without_encrypted()
            .filter(kind=OpinionKind.DRAFT, final_opinion__isnull=True)
            .order_by("-pk")
            .first()
        )

    def open_adjournment(self) -> Adjournment | None:
        return self.adjournments.without_encrypted().filter(received_at__isnull=True).order_by("-pk").first()

    def was_heard(self) -> bool:
        """Whether the person was heard (or declined to be) since the current committee was formed."""
        committee = self.current_committee()
        return committee is not None and (
            committee.hearing_waived_at is not None
            or self.hearings.filter(committee=committee, held_at__isnull=False).exists()
        )


class Committee(models.Model):
    """The commissie for one case: a chair and members of different disciplines, none from the referring
    organisation or the person's shelter. A reassessment gets a new committee without any earlier member."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="committees")
    formed_at = models.DateTimeField(_("formed at"), default=timezone.now)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reassessment = models.ForeignKey(
        "Reassessment", on_delete=models.PROTECT, null=True, blank=True, related_name="committees"
    )
    hearing_waived_at = models.DateTimeField(_("the person declined a hearing on"), null=True, blank=True)
    hearing_waived_note = models.CharField(_("declined how"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return f"{self.case} committee {self.pk}"

    def chair(self) -> CommitteeMember | None:
        return self.members.filter(role=SeatRole.CHAIR).select_related("assessor").first()

    def is_complete(self) -> bool:
        """Whether every member has recorded their own view (then they may read each other's)."""
        return not self.members.filter(assessment__isnull=True).exists()


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline.choices)
    role = models.CharField(_("role"), max_length=10, choices=SeatRole.choices, default=SeatRole.MEMBER)

    class Meta:
        ordering = ["committee", "role", "pk"]  # the chair first
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["committee", "assessor"], name="unique_committee_member"),
        ]

    def __str__(self) -> str:
        return f"{self.assessor} ({self.discipline})"

    def is_chair(self) -> bool:
        return self.role == SeatRole.CHAIR


class Hearing(models.Model):
    """A hearing (hoorzitting): planned with place and interpreter, then held with minutes (encrypted), or
    cancelled."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="hearings")
    planned_for = models.DateTimeField(_("planned for"))
    place = models.CharField(_("place"), max_length=200)
    interpreter = models.ForeignKey(
        "Representative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
        verbose_name=_("interpreter"),
    )
    lawyer_invited = models.BooleanField(_("lawyer invited"), default=False)
    guardian_invited = models.BooleanField(_("guardian invited"), default=False)
    planned_at = models.DateTimeField(_("planned at"), default=timezone.now)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    person_appeared = models.BooleanField(_("the person appeared"), null=True, blank=True)
    minutes = EncryptedTextField(_("minutes"), blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)

    objects = EncryptedQuerySet.as_manager()

    class Meta:
        ordering = ["planned_for", "pk"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self) -> str:
        return f"hearing {self.pk} of {self.case_id}"

    def is_pending(self) -> bool:
        return self.held_at is None and self.cancelled_at is None


class Adjournment(models.Model):
    """The committee adjourned to ask for more information (aangehouden – nadere informatie). The opinion
    deadline stands still until the information is in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="adjournments")
    source = models.CharField(_("asked from"), max_length=20, choices=InformationSource.choices)
    requested_from = models.CharField(_("addressed to"), max_length=200, blank=True)
    information_requested = EncryptedTextField(_("information requested"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due = models.DateTimeField(_("information due"))
    received_at = models.DateTimeField(_("information received at"), null=True, blank=True)
    received_note = EncryptedTextField(_("what came in"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EncryptedQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("adjournment")
        verbose_name_plural = _("adjournments")

    def __str__(self) -> str:
        return f"adjournment {self.pk} of {self.case_id}"


class Assessment(models.Model):
    """One member's own view; hidden from the other members until all have recorded theirs."""

    member = models.OneToOneField(CommitteeMember, on_delete=models.PROTECT, related_name="assessment")
    checklist_version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    view = models.CharField(_("own view"), max_length=20, choices=MemberView.choices)
    reasoning = EncryptedTextField(_("reasoning"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("member's view")
        verbose_name_plural = _("members' views")

    def __str__(self) -> str:
        return f"assessment {self.pk}"


class IndicatorAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    observed = models.CharField(_("observed"), max_length=10, choices=Observed.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator__position", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="unique_answer")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.observed}"


class Opinion(models.Model):
    """An expert opinion of the committee on plausibility: a preliminary opinion (optional, never a decision),
    a draft negative opinion sent for the person's response, or the opinion itself. Never deleted: a
    reassessment adds a new one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="opinions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="opinions")
    kind = models.CharField(_("kind"), max_length=20, choices=OpinionKind.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    standard_of_proof = models.CharField(
        _("standard of proof"),
        max_length=20,
        choices=StandardOfProof.choices,
        default=StandardOfProof.PLAUSIBLE,
    )
    reasons = EncryptedTextField(_("reasons"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response_due = models.DateTimeField(_("response due"), null=True, blank=True)
    response = EncryptedTextField(_("response (zienswijze)"), blank=True)
    response_by = models.CharField(_("response from"), max_length=20, choices=Submitter.choices, blank=True)
    response_received_at = models.DateTimeField(_("response received at"), null=True, blank=True)
    draft = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="final_opinion"
    )
    handed_over_at = models.DateTimeField(_("handed to the person at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EncryptedQuerySet.as_manager()

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self) -> str:
        return f"{self.case} {self.kind}: {self.outcome}"

    def is_final(self) -> bool:
        return self.kind == OpinionKind.FINAL

    def response_term_passed(self, now: dt.datetime | None = None) -> bool:
        return self.response_due is not None and (now or timezone.now()) >= self.response_due


class Reassessment(models.Model):
    """A request by the person, their lawyer or guardian for a new assessment (herbeoordeling) of a negative
    opinion, decided by a new committee without any earlier member."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reassessments")
    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="reassessments")
    requested_by_kind = models.CharField(_("requested by"), max_length=10, choices=Submitter.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    grounds = EncryptedTextField(_("grounds"))
    new_opinion = models.OneToOneField(
        Opinion, on_delete=models.PROTECT, null=True, blank=True, related_name="answers_reassessment"
    )

    objects = EncryptedQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("reassessment")
        verbose_name_plural = _("reassessments")

    def __str__(self) -> str:
        return f"reassessment {self.pk} of {self.case}"

    def reversed_outcome(self) -> bool | None:
        """Whether the new opinion found plausible what the earlier one did not (None while undecided)."""
        if self.new_opinion is None:
            return None
        return self.new_opinion.outcome == Outcome.PLAUSIBLE and self.opinion.outcome != Outcome.PLAUSIBLE
