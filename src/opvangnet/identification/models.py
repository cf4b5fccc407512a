"""Victim-status determination: referrals (signalering) apart from identification cases, their panels,
independent assessments, joint decisions, reconsiderations and what is sent to the IND.

Nothing here records or needs the status of a criminal investigation.
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
from opvangnet.identification import deadlines
from opvangnet.identification.fields import EncryptedTextField
from opvangnet.vocabulary import Exploitation

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


class ReferrerKind(models.TextChoices):
    POLICE = "police", _("Police")
    KMAR = "kmar", _("Royal Netherlands Marechaussee (KMar)")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Netherlands Labour Authority (NLA)")
    NATIONAL_COORDINATION = "national_coordination", _("CoMensha (national coordination)")
    CARE_COORDINATOR = "care_coordinator", _("Care coordinator")
    CARE_PROVIDER = "care_provider", _("Shelter or care provider")
    SELF = "self", _("Self-referral")
    OTHER = "other", _("Other organisation")


# Referrers with investigative powers: they may pass a possible victim on without consent (legal basis).
ENFORCEMENT_REFERRERS = frozenset({ReferrerKind.POLICE, ReferrerKind.KMAR, ReferrerKind.LABOUR_INSPECTORATE})


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (within days)")
    IMMEDIATE = "immediate", _("Immediate (safety at risk)")


class ConsentBasis(models.TextChoices):
    WRITTEN_CONSENT = "written_consent", _("Written consent of the person")
    LEGAL_BASIS = "legal_basis", _("Legal basis of police, KMar or NLA (no consent needed)")


class Stage(models.TextChoices):
    FIRST = "first", _("First decision (reasonable grounds)")
    FINAL = "final", _("Final decision")


class CaseState(models.TextChoices):
    FIRST_STAGE = "first_stage", _("Awaiting first decision")
    REFLECTION = "reflection", _("Reflection period")
    FINAL_STAGE = "final_stage", _("Awaiting final decision")
    CLOSED = "closed", _("Decided")
    RECONSIDERATION = "reconsideration", _("Reconsideration requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = frozenset({CaseState.FIRST_STAGE, CaseState.REFLECTION, CaseState.FINAL_STAGE})

# The workflow as data: `services.advance` refuses every other change of state.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.FIRST_STAGE: frozenset({CaseState.REFLECTION, CaseState.CLOSED, CaseState.WITHDRAWN}),
    CaseState.REFLECTION: frozenset({CaseState.FINAL_STAGE, CaseState.WITHDRAWN}),
    CaseState.FINAL_STAGE: frozenset({CaseState.CLOSED, CaseState.WITHDRAWN}),
    CaseState.CLOSED: frozenset({CaseState.RECONSIDERATION}),
    CaseState.RECONSIDERATION: frozenset({CaseState.FIRST_STAGE, CaseState.FINAL_STAGE}),
    CaseState.WITHDRAWN: frozenset(),
}


class Outcome(models.TextChoices):
    PLAUSIBLE = "plausible", _("Plausibly a victim")
    NOT_PLAUSIBLE = "not_plausible", _("Not plausibly a victim")
    INSUFFICIENT = "insufficient", _("Insufficient information")


class Discipline(models.TextChoices):
    CARE = "care", _("Care")
    LEGAL = "legal", _("Legal")
    MEDICAL = "medical", _("Medical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    OTHER = "other", _("Other")


class Observed(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Source(models.TextChoices):
    INTERVIEW = "interview", _("Interview with the person")
    REFERRAL = "referral", _("The referral")
    DOCUMENTS = "documents", _("Documents")
    THIRD_PARTY = "third_party", _("Third party (care, lawyer, doctor)")
    OBSERVATION = "observation", _("Own observation")


class Audience(models.TextChoices):
    ALL = "all", _("Adults and minors")
    ADULT = "adult", _("Adults")
    MINOR = "minor", _("Minors")


# --- the checklist ------------------------------------------------------------------------------------------


class ChecklistVersion(models.Model):
    """One version of the indicator checklist. A published version never changes; edits make a new one."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def is_published(self) -> bool:
        return self.published_at is not None

    @classmethod
    def current(cls) -> ChecklistVersion | None:
        return cls.objects.filter(published_at__isnull=False).order_by("-number").first()


class Indicator(models.Model):
    """One indicator of a checklist version; a checklist informs the panel and never computes a decision."""

    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    cluster = models.CharField(_("cluster"), max_length=120)
    label_nl = models.CharField(_("label (Dutch)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    exploitation_type = models.CharField(
        _("exploitation type"),
        max_length=10,
        choices=Exploitation.choices,
        blank=True,
        help_text=_("Empty: applies to every type."),
    )
    audience = models.CharField(
        _("applies to"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["version", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label_en}"

    def label(self) -> str:
        from django.utils.translation import get_language

        return self.label_nl if (get_language() or "nl").startswith("nl") else self.label_en

    def applies_to(self, exploitation_types: list[str], *, minor: bool) -> bool:
        type_fits = not self.exploitation_type or self.exploitation_type in exploitation_types
        audience_fits = self.audience == Audience.ALL or self.audience == (
            Audience.MINOR if minor else Audience.ADULT
        )
        return type_fits and audience_fits


# --- referral and person data -------------------------------------------------------------------------------


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Viewer) -> ReferralQuerySet:
        """Referrals this user may see (`accounts.scoping.referrals_for`); joins the case: one query."""
        return scoping.referrals_for(user, self).select_related("case", "referrer_organisation")


class Referral(models.Model):
    """A signal that someone may be a victim (signalering). It becomes an identification case only when the
    case manager opens one."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    referrer_kind = models.CharField(_("referred by"), max_length=30, choices=ReferrerKind.choices)
    referrer_organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referring organisation"),
    )
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now, db_index=True)
    exploitation_types = models.JSONField(_("suspected exploitation"), default=list)
    b83_applicable = models.BooleanField(
        _("B8/3 applies"),
        default=False,
        help_text=_("A third-country national without lawful residence: the IND receives the outcome."),
    )
    dublin = models.BooleanField(
        _("Dublin case"), default=False, help_text=_("Reflection period of 30 days.")
    )
    minor = models.BooleanField(_("minor"), default=False)
    reflection_started_on = models.DateField(
        _("reflection period started on"),
        null=True,
        blank=True,
        help_text=_("Only when police or KMar have already offered the reflection period."),
    )
    consent_basis = models.CharField(_("basis for sharing"), max_length=20, choices=ConsentBasis.choices)
    consent_purpose = models.CharField(_("consent: for what"), max_length=200, blank=True)
    consent_recipients = models.CharField(_("consent: shared with whom"), max_length=200, blank=True)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    summary = EncryptedTextField(_("what was noticed"), blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("refer", "Can refer a possible victim and follow own referrals"),
            ("manage_cases", "Can open identification cases, form panels and see all referrals"),
            ("assess", "Can assess identification cases as a panel member"),
            ("view_ind_outcomes", "Can see outcomes and dates of B8/3 cases"),
            ("view_reports", "Can see aggregate identification reports (small cells suppressed)"),
            ("view_unsuppressed_reports", "Can see identification reports without suppression"),
            ("ask_consultation", "Can ask for anonymous advice"),
            ("answer_consultation", "Can answer anonymous advice requests"),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_enforcement(self) -> bool:
        return self.referrer_kind in ENFORCEMENT_REFERRERS

    def exploitation_labels(self) -> list[str]:
        return [str(Exploitation(code).label) for code in self.exploitation_types]

    def case_or_none(self) -> Case | None:
        return getattr(self, "case", None)


class PersonData(models.Model):
    """Who the referral is about. Every field is encrypted at rest; reading it is audited with a reason."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="person")
    name = EncryptedTextField(_("name"))
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    nationality = EncryptedTextField(_("nationality"), blank=True)
    languages = EncryptedTextField(_("languages"), blank=True)
    contact = EncryptedTextField(_("contact"), blank=True)
    identity_documents = EncryptedTextField(_("identity documents"), blank=True)

    class Meta:
        verbose_name = _("person data")
        verbose_name_plural = _("person data")

    def __str__(self) -> str:
        return f"person data {self.referral_id}"


class Attachment(models.Model):
    """A file about the person (a statement, a document scan), encrypted at rest like the person data."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    filename = EncryptedTextField(_("file name"))
    content = EncryptedTextField(_("content"))  # base64 of the file, then encrypted
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"attachment {self.pk}"


# --- the case -----------------------------------------------------------------------------------------------


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Viewer) -> CaseQuerySet:
        """Cases this user may open: the case manager all, an assessor those of their panels.

        Joins the referral and prefetches the decisions (two queries).
        """
        return (
            scoping.cases_for(user, self)
            .select_related("referral", "checklist_version")
            .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("decided_at", "pk")))
        )

    def open(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def with_deadline_before(self, moment: dt.datetime) -> CaseQuerySet:
        """Open cases whose current deadline (first or final decision) falls before `moment`."""
        return self.filter(
            models.Q(state=CaseState.FIRST_STAGE, first_decision_due__lt=moment)
            | models.Q(state__in=[CaseState.REFLECTION, CaseState.FINAL_STAGE], final_decision_due__lt=moment)
        )


class Case(models.Model):
    """An identification case: the determination of victim status for one referral, in two stages."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.FIRST_STAGE
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checklist_version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    first_decision_due = models.DateTimeField(_("first decision due"), null=True, blank=True)
    reflection_start = models.DateField(_("reflection period starts"), null=True, blank=True)
    reflection_end = models.DateField(_("reflection period ends"), null=True, blank=True)
    final_decision_due = models.DateTimeField(_("final decision due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("identification case")
        verbose_name_plural = _("identification cases")

    def __str__(self) -> str:
        return self.referral.reference

    @property
    def reference(self) -> str:
        return self.referral.reference

    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def current_due(self) -> dt.datetime | None:
        if self.state == CaseState.FIRST_STAGE:
            return self.first_decision_due
        if self.state in (CaseState.REFLECTION, CaseState.FINAL_STAGE):
            return self.final_decision_due
        return None

    def deadline_status(self, now: dt.datetime | None = None) -> deadlines.DeadlineStatus | None:
        due = self.current_due()
        if due is None:
            return None
        return deadlines.deadline_status(
            timezone.localtime(due),
            timezone.localtime(now or timezone.now()),
            warning_working_days=settings.IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS,
        )

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.deadline_status(now) == deadlines.DeadlineStatus.OVERDUE

    def reflection_has_ended(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.reflection_end is not None and today >= self.reflection_end

    def current_panel(self) -> Panel | None:
        return self.panels.order_by("-pk").first()

    def latest_decision(self, stage: str | None = None) -> Decision | None:
        decisions = [d for d in self.decisions.all() if stage is None or d.stage == stage]
        return decisions[-1] if decisions else None


class Panel(models.Model):
    """The assessors who decide one stage of a case; a reconsideration gets a new panel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panels")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    formed_at = models.DateTimeField(_("formed at"), default=timezone.now)
    reconsideration = models.ForeignKey(
        "Reconsideration", on_delete=models.PROTECT, null=True, blank=True, related_name="panels"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")

    def __str__(self) -> str:
        return f"{self.case} {self.stage} panel {self.pk}"

    def is_complete(self) -> bool:
        """Whether every member has recorded an assessment (then they may read each other's)."""
        return not self.members.filter(assessment__isnull=True).exists()

    def has_decision(self) -> bool:
        return hasattr(self, "decision")


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["panel", "assessor"], name="unique_panel_member")]

    def __str__(self) -> str:
        return f"{self.assessor} ({self.discipline})"


class Assessment(models.Model):
    """One assessor's independent view; hidden from the other members until all have recorded theirs."""

    member = models.OneToOneField(PanelMember, on_delete=models.PROTECT, related_name="assessment")
    checklist_version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    view = models.CharField(_("own view"), max_length=20, choices=Outcome.choices)
    opinion = EncryptedTextField(_("reasoning"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

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


class Decision(models.Model):
    """The panel's joint decision for one stage. Never deleted: a reconsideration adds a new decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    panel = models.OneToOneField(Panel, on_delete=models.PROTECT, related_name="decision")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = EncryptedTextField(_("reasons"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.case} {self.stage}: {self.outcome}"


class ReconsiderationRequester(models.TextChoices):
    REFERRER = "referrer", _("The referrer")
    PERSON = "person", _("The person")


class Reconsideration(models.Model):
    """A request to decide a stage again, by a new panel without any earlier assessor of the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reconsiderations")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reconsiderations")
    requested_by_kind = models.CharField(
        _("requested by"), max_length=10, choices=ReconsiderationRequester.choices
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    grounds = EncryptedTextField(_("grounds"))
    new_decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="answers_reconsideration"
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("reconsideration")
        verbose_name_plural = _("reconsiderations")

    def __str__(self) -> str:
        return f"reconsideration {self.pk} of {self.case}"

    def reversed_outcome(self) -> bool | None:
        """Whether the new decision found plausible what the first did not (None while undecided)."""
        if self.new_decision is None:
            return None
        return self.new_decision.outcome == Outcome.PLAUSIBLE and self.decision.outcome != Outcome.PLAUSIBLE


class IndNotificationQuerySet(models.QuerySet["IndNotification"]):
    def visible_to(self, user: Viewer) -> IndNotificationQuerySet:
        """What the IND may see: outcome and dates of B8/3 decisions. Joins case and decision: one query."""
        return scoping.ind_notifications_for(user, self).select_related("decision", "case__referral")


class IndNotification(models.Model):
    """The record that the outcome and dates of a B8/3 decision were sent to the IND."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ind_notifications")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="ind_notification")
    sent_at = models.DateTimeField(_("sent to IND at"), default=timezone.now)

    objects = IndNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent to IND")
        verbose_name_plural = _("sent to IND")

    def __str__(self) -> str:
        return f"IND {self.case}"


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def visible_to(self, user: Viewer) -> ConsultationQuerySet:
        """Advice requests: the asker's own, or all for those who answer them. One query."""
        return scoping.consultations_for(user, self).select_related("asked_by")


class Consultation(models.Model):
    """An anonymous request for advice about a situation: no personal data at all."""

    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    exploitation_types = models.JSONField(_("suspected exploitation"), default=list)
    question = models.TextField(_("situation and question"))
    answer = models.TextField(_("advice"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("anonymous consultation")
        verbose_name_plural = _("anonymous consultations")

    def __str__(self) -> str:
        return f"consultation {self.pk}"
