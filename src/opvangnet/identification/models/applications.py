"""The application (aanvraag / verzoek om beoordeling) and everything recorded about the person as a party:
their data, their representatives, their consents, the reflection period police or KMar granted, their age,
and the files about them."""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping
from opvangnet.identification.fields import EncryptedQuerySet, EncryptedTextField
from opvangnet.identification.models.choices import (
    B83_COVERED,
    LEGAL_REPRESENTATIVE_CONSENTS,
    LEGAL_REPRESENTATIVES,
    MINOR_STATUSES,
    URGENCY_ALLOWED_WAIT,
    AgeStatus,
    ApplicantKind,
    AttachmentKind,
    ConsentGiver,
    ConsentPurpose,
    NationalityStatus,
    ReferrerKind,
    ReflectionGrantor,
    RepresentativeKind,
    Urgency,
)
from opvangnet.vocabulary import Exploitation

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer
    from opvangnet.identification.models.cases import Case


class PublicStatus(models.TextChoices):
    """All a referrer sees of an application unless the person consented to more."""

    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class IndStatus(models.TextChoices):
    """What the IND sees of an application whose person consented to telling it that an assessment runs."""

    RUNNING = "assessment_running", _("assessment running")
    OPINION_GIVEN = "opinion_given", _("opinion given")
    ENDED = "ended", _("assessment ended without an opinion")


class ApplicationQuerySet(EncryptedQuerySet["Application"]):
    def visible_to(self, user: Viewer) -> ApplicationQuerySet:
        """Applications this user may see (`accounts.scoping.applications_for`), with the case and the
        referring organisation joined and no encrypted column loaded. One query."""
        return (
            scoping.applications_for(user, self)
            .select_related("case", "referrer_organisation")
            .without_encrypted()
        )

    def for_ind(self, user: Viewer) -> ApplicationQuerySet:
        """What the IND may see: applications covered by B8/3 whose person consented to telling the IND that
        an assessment runs (`accounts.scoping.ind_applications_for`). One query, nothing decrypted."""
        return (
            scoping.ind_applications_for(user, self, b83_covered=B83_COVERED)
            .select_related("case")
            .without_encrypted()
            .order_by("-received_at")
        )

    def with_consent(self, purpose: str) -> ApplicationQuerySet:
        """Applications with an active (not withdrawn) consent for `purpose`: a correlated subquery."""
        return self.filter(
            Exists(Consent.objects.active().filter(application=OuterRef("pk"), purpose=purpose))
        )

    def covered_by_b83(self) -> ApplicationQuerySet:
        return self.filter(nationality_status__in=B83_COVERED)

    def awaiting_case(self) -> ApplicationQuerySet:
        """Applications (referrals) that are not withdrawn and for which no case has been opened yet."""
        return self.filter(case__isnull=True, withdrawn_at__isnull=True)


def awaiting_case_too_long(now: dt.datetime) -> Q:
    """The condition that an application waiting for its case has waited longer than its urgency allows
    (`URGENCY_ALLOWED_WAIT`)."""
    late = [
        Q(urgency=urgency, received_at__lt=now - allowed) for urgency, allowed in URGENCY_ALLOWED_WAIT.items()
    ]
    return reduce(operator.or_, late)


class Application(models.Model):
    """A request to assess whether the person is plausibly a victim. The person is the applicant: they apply
    themselves, through their lawyer, or through a referrer acting with their written consent."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    applicant_kind = models.CharField(_("applied by"), max_length=20, choices=ApplicantKind.choices)
    referrer_kind = models.CharField(_("brought in by"), max_length=30, choices=ReferrerKind.choices)
    referrer_organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referring organisation"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    exploitation_types = models.JSONField(_("suspected exploitation"), default=list)
    nationality_status = models.CharField(
        _("nationality and residence"), max_length=20, choices=NationalityStatus.choices
    )
    dublin = models.BooleanField(_("Dublin case"), default=False)
    age_status = models.CharField(_("age"), max_length=20, choices=AgeStatus.choices)
    shelter_organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the person's shelter or care provider"),
        help_text=_("Nobody from this organisation can sit on the committee."),
    )
    interpreter_language = models.CharField(
        _("interpreter needed for"), max_length=100, blank=True, help_text=_("Empty: no interpreter needed.")
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    summary = EncryptedTextField(_("what the application is about"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [
            ("submit_application", "Can submit an application on the person's behalf and follow its status"),
            ("refer_as_enforcement", "Can bring in applications as police, KMar or labour inspectorate"),
            ("refer_as_care_coordinator", "Can bring in applications as care coordinator"),
            ("refer_as_provider", "Can bring in applications as shelter or care provider"),
            ("record_reflection_period", "Can record a reflection period granted by police or KMar"),
            ("manage_cases", "Can register applications, consents and parties and form committees"),
            ("assess", "Can sit on an assessment committee"),
            ("view_ind_status", "Can see, with the person's consent, running assessments and opinions sent"),
            ("view_reports", "Can see aggregate figures (small cells suppressed)"),
            ("view_unsuppressed_reports", "Can see the figures without suppression"),
            ("export_person_data", "Can export everything held about one person for an access request"),
            ("ask_consultation", "Can ask for anonymous advice"),
            ("answer_consultation", "Can answer anonymous advice requests"),
        ]

    def __str__(self) -> str:
        return self.reference

    def case_or_none(self) -> Case | None:
        return getattr(self, "case", None)

    def covered_by_b83(self) -> bool:
        return self.nationality_status in B83_COVERED

    def waits_too_long_for_a_case(self, now: dt.datetime | None = None) -> bool:
        """No case yet, not withdrawn, and waiting longer than the urgency allows (`URGENCY_ALLOWED_WAIT`)."""
        if self.withdrawn_at is not None or self.case_or_none() is not None:
            return False
        allowed = URGENCY_ALLOWED_WAIT.get(self.urgency, max(URGENCY_ALLOWED_WAIT.values()))
        return self.received_at + allowed < (now or timezone.now())

    def is_minor(self) -> bool:
        """A minor, or someone whose age is disputed (treated as a minor until it is settled)."""
        return self.age_status in MINOR_STATUSES

    def needs_legal_representative_consent(self) -> bool:
        return self.age_status in LEGAL_REPRESENTATIVE_CONSENTS

    def exploitation_labels(self) -> list[str]:
        return [str(Exploitation(code).label) for code in self.exploitation_types]

    def active_consents(self) -> frozenset[str]:
        """The purposes the person currently consents to (one query, remembered on the instance)."""
        cached: frozenset[str] | None = getattr(self, "_active_consents", None)
        if cached is None:
            cached = frozenset(self.consents.active().values_list("purpose", flat=True))
            self._active_consents = cached
        return cached

    def has_consent(self, purpose: str) -> bool:
        return purpose in self.active_consents()

    def forget_consents(self) -> None:
        self.__dict__.pop("_active_consents", None)

    def conflicting_organisation_ids(self) -> set[int]:
        """Organisations whose staff cannot sit on this person's committee: the referring organisation and
        the person's shelter as recorded on the application. (When a placement is linked to the case, its
        organisation belongs here too.)"""
        return {pk for pk in (self.referrer_organisation_id, self.shelter_organisation_id) if pk is not None}

    def public_status(self) -> str:
        case = self.case_or_none()
        if self.withdrawn_at is not None or (case is not None and not case.is_open()):
            return PublicStatus.COMPLETED
        return PublicStatus.IN_PROGRESS

    def public_status_label(self) -> str:
        return str(PublicStatus(self.public_status()).label)

    def ind_status(self) -> str:
        """Running, opinion given, or ended without one (withdrawn); the opinion itself only through a
        transmission."""
        case = self.case_or_none()
        if self.withdrawn_at is not None or (case is not None and case.state == "withdrawn"):
            return IndStatus.ENDED
        if case is not None and case.state == "concluded":
            return IndStatus.OPINION_GIVEN
        return IndStatus.RUNNING


class PersonData(models.Model):
    """Who the application is about (betrokkene). Every field is encrypted; reading it is audited."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="person")
    name = EncryptedTextField(_("name"))
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    nationality = EncryptedTextField(_("nationality"), blank=True)
    languages = EncryptedTextField(_("languages"), blank=True)
    contact = EncryptedTextField(_("contact"), blank=True)
    identity_documents = EncryptedTextField(_("identity documents"), blank=True)
    v_number = EncryptedTextField(_("V-number (IND)"), blank=True)

    objects = EncryptedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person data")
        verbose_name_plural = _("person data")

    def __str__(self) -> str:
        return f"person data {self.application_id}"


class RepresentativeQuerySet(EncryptedQuerySet["Representative"]):
    def current(self) -> RepresentativeQuerySet:
        return self.filter(ended_at__isnull=True)

    def legal_representatives(self) -> RepresentativeQuerySet:
        return self.current().filter(kind__in=LEGAL_REPRESENTATIVES)


class Representative(models.Model):
    """Someone at the person's side: their lawyer (gemachtigde), an interpreter, a guardian (voogd) or a
    parent with authority, a person of trust. Names and contact details are encrypted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField(_("role"), max_length=20, choices=RepresentativeKind.choices)
    name = EncryptedTextField(_("name"))
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For example Nidos, a law firm.")
    )
    contact = EncryptedTextField(_("contact"), blank=True)
    language = models.CharField(_("language"), max_length=100, blank=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """The person's consent to one purpose, given in writing on a date; withdrawn from a date on. A new
    consent after a withdrawal is a new row, so the history stays."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given_by = models.CharField(_("given by"), max_length=30, choices=ConsentGiver.choices)
    given_on = models.DateField(_("given on"))
    document_reference = models.CharField(
        _("document"), max_length=200, blank=True, help_text=_("Where the signed form is kept.")
    )
    authorisation_on = models.DateField(
        _("written authorisation dated"),
        null=True,
        blank=True,
        help_text=_("Medical information only: the date of the signed authorisation (machtiging)."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawal recorded at"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.application_id}"

    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ReflectionPeriod(models.Model):
    """The reflection period (bedenktijd) as a fact: granted by the police or the KMar, who, when, until.
    The committee never grants it; it is recorded here so the committee and the IND (with consent) know."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reflection_periods")
    granted_by = models.CharField(_("granted by"), max_length=10, choices=ReflectionGrantor.choices)
    granting_unit = models.CharField(
        _("unit"), max_length=200, blank=True, help_text=_("For example: Politie Eenheid Amsterdam, AVIM.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("reflection period")
        verbose_name_plural = _("reflection periods")

    def __str__(self) -> str:
        return f"{self.granted_by} {self.starts_on}–{self.ends_on}"


class AgeDetermination(models.Model):
    """How a disputed age was settled: by whom, on what basis (encrypted), and the result."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="age_determinations")
    previous_status = models.CharField(_("before"), max_length=20, choices=AgeStatus.choices)
    new_status = models.CharField(_("after"), max_length=20, choices=AgeStatus.choices)
    basis = EncryptedTextField(_("basis"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("age determination")
        verbose_name_plural = _("age determinations")

    def __str__(self) -> str:
        return f"{self.previous_status} → {self.new_status}"


class AttachmentQuerySet(EncryptedQuerySet["Attachment"]):
    def listed(self) -> AttachmentQuerySet:
        """For a list of files: kind, size, date and uploader only; no encrypted column. One query."""
        return self.without_encrypted().select_related("uploaded_by")


class Attachment(models.Model):
    """A file about the person. Its name is encrypted; its bytes live apart (`AttachmentContent`), so listing
    files never reads or decrypts them."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default="other")
    filename = EncryptedTextField(_("file name"))
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class AttachmentContent(models.Model):
    """The bytes of one attachment (base64, then encrypted), read only when that file is opened."""

    attachment = models.OneToOneField(
        Attachment, on_delete=models.CASCADE, primary_key=True, related_name="stored"
    )
    content = EncryptedTextField(_("content"))

    class Meta:
        verbose_name = _("attachment content")
        verbose_name_plural = _("attachment contents")

    def __str__(self) -> str:
        return f"content of attachment {self.attachment_id}"
