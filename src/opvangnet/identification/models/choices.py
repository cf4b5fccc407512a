"""The code lists of victim-status assessment: English codes, Dutch labels from the translation catalogue."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferrerKind(models.TextChoices):
    """Who brought the application in, when it was not the person or their lawyer alone."""

    POLICE = "police", _("Police")
    KMAR = "kmar", _("Royal Netherlands Marechaussee (KMar)")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Netherlands Labour Authority (NLA)")
    NATIONAL_COORDINATION = "national_coordination", _("CoMensha (national coordination)")
    CARE_COORDINATOR = "care_coordinator", _("Care coordinator")
    CARE_PROVIDER = "care_provider", _("Shelter or care provider")
    SELF = "self", _("The person themselves")
    OTHER = "other", _("Other organisation")


# Referrers with investigative powers; the figures group them apart from care and others.
ENFORCEMENT_REFERRERS = frozenset({ReferrerKind.POLICE, ReferrerKind.KMAR, ReferrerKind.LABOUR_INSPECTORATE})


class ApplicantKind(models.TextChoices):
    """Who applies. The person is always the applicant; others only act on their behalf."""

    PERSON = "person", _("The person themselves")
    LAWYER = "lawyer", _("Their lawyer (authorised representative) on their behalf")
    REFERRER = "referrer", _("A referrer on their behalf, with their written consent")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (within days)")
    IMMEDIATE = "immediate", _("Immediate (safety at risk)")


# How long an application of each urgency may wait for its case to be opened before it is overdue on the case
# manager's work list (docs/decisions.md, "When a referral without a case is overdue").
URGENCY_ALLOWED_WAIT: dict[str, timedelta] = {
    Urgency.IMMEDIATE: timedelta(days=1),
    Urgency.URGENT: timedelta(days=3),
    Urgency.NORMAL: timedelta(days=14),
}
URGENCY_RANK: dict[str, int] = {Urgency.IMMEDIATE: 3, Urgency.URGENT: 2, Urgency.NORMAL: 1}


class NationalityStatus(models.TextChoices):
    """Whether the B8/3 regulation can apply. It covers every foreign national: people from outside the
    EU/EEA/Switzerland whatever their residence (asylum seekers included), and EU/EEA/Swiss citizens as far
    as EU law gives them no right of residence."""

    THIRD_COUNTRY = (
        "third_country",
        _("From outside the EU/EEA/Switzerland (any residence, asylum seekers too)"),
    )
    EU_WITHOUT_RIGHTS = (
        "eu_without_rights",
        _("EU/EEA/Swiss citizen without a right of residence under EU law"),
    )
    EU_WITH_RIGHTS = "eu_with_rights", _("EU/EEA/Swiss citizen with a right of residence under EU law")
    DUTCH = "dutch", _("Dutch national")
    UNKNOWN = "unknown", _("Not known yet")


B83_COVERED = frozenset({NationalityStatus.THIRD_COUNTRY, NationalityStatus.EU_WITHOUT_RIGHTS})


class AgeStatus(models.TextChoices):
    ADULT = "adult", _("Adult")
    MINOR_16_17 = "minor_16_17", _("Minor, 16 or 17")
    MINOR_UNDER_16 = "minor_under_16", _("Minor, under 16")
    DISPUTED = "disputed", _("Age disputed (treated as a minor until settled)")


MINOR_STATUSES = frozenset({AgeStatus.MINOR_16_17, AgeStatus.MINOR_UNDER_16, AgeStatus.DISPUTED})
# Under 16 (and while the age is disputed) the legal representative gives consent (art. 5 UAVG; art. 7:450
# BW for medical information).
LEGAL_REPRESENTATIVE_CONSENTS = frozenset({AgeStatus.MINOR_UNDER_16, AgeStatus.DISPUTED})


class RepresentativeKind(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer (authorised representative)")
    INTERPRETER = "interpreter", _("Interpreter")
    GUARDIAN = "guardian", _("Guardian")
    PARENT = "parent", _("Parent with parental authority")
    CONFIDANT = "confidant", _("Person of trust")


LEGAL_REPRESENTATIVES = frozenset({RepresentativeKind.GUARDIAN, RepresentativeKind.PARENT})


class ConsentPurpose(models.TextChoices):
    """What the person consented to, one purpose each, each withdrawable."""

    ASSESSMENT = "assessment", _("Assessment by the committee")
    THIRD_PARTIES = "third_parties", _("Asking third parties for information")
    MEDICAL = "medical", _("Medical information (written authorisation)")
    IND_STATUS = "ind_status", _("Telling the IND that an assessment is running")
    IND_OPINION = "ind_opinion", _("Sending the opinion to the IND")
    IND_IDENTIFIERS = "ind_identifiers", _("Sending identifying data to the IND")
    REFERRER_OUTCOME = "referrer_outcome", _("Showing the outcome to the referrer")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    LEGAL_REPRESENTATIVE = "legal_representative", _("The legal representative (guardian or parent)")


class ReflectionGrantor(models.TextChoices):
    """Only the police and the KMar grant the reflection period (B8/3.1 Vc 2000)."""

    POLICE = "police", _("Police")
    KMAR = "kmar", _("Royal Netherlands Marechaussee (KMar)")


class Discipline(models.TextChoices):
    CARE = "care", _("Care")
    LEGAL = "legal", _("Legal")
    MEDICAL = "medical", _("Medical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    OTHER = "other", _("Other")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")


class MemberView(models.TextChoices):
    """One committee member's own view, recorded before the committee's opinion."""

    PLAUSIBLE = "plausible", _("Victimhood plausible")
    NOT_PLAUSIBLE = "not_plausible", _("Victimhood not plausible")
    MORE_INFORMATION = "more_information", _("More information needed")


class Outcome(models.TextChoices):
    """What an opinion says. There is no "insufficient information": the committee adjourns instead."""

    PLAUSIBLE = "plausible", _("Victimhood plausible")
    NOT_PLAUSIBLE = "not_plausible", _("Victimhood not plausible")


class OpinionKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary opinion")
    DRAFT = "draft", _("Draft opinion")
    FINAL = "final", _("Opinion")


class StandardOfProof(models.TextChoices):
    """The standard an opinion applies, stated on it (Tijdelijke regeling aannemelijkheid slachtofferschap
    mensenhandel, art. 2(3): whether it is plausible that the applicant is a victim of art. 273f Sr)."""

    PLAUSIBLE = (
        "plausible",
        _(
            "Plausible (aannemelijk): on everything known to the committee it is plausible that the person "
            "is a victim of human trafficking as meant in art. 273f Sr. This is not the proof a criminal "
            "court needs; a criminal case is neither needed nor decisive."
        ),
    )


class InformationSource(models.TextChoices):
    """From whom the committee asks more information when it adjourns."""

    PERSON = "person", _("The person or their lawyer")
    THIRD_PARTY = "third_party", _("A third party (care, police, other)")
    MEDICAL = "medical", _("A doctor or other medical source")


class Submitter(models.TextChoices):
    """Who, on the person's side, submitted a response or a request for reassessment."""

    PERSON = "person", _("The person")
    LAWYER = "lawyer", _("Their lawyer")
    GUARDIAN = "guardian", _("Their guardian or parent")
    REFERRER = "referrer", _("The referrer (earlier procedure)")


class AttachmentKind(models.TextChoices):
    STATEMENT = "statement", _("Statement of the person")
    IDENTITY_DOCUMENT = "identity_document", _("Identity document")
    MEDICAL = "medical", _("Medical information")
    THIRD_PARTY = "third_party", _("Information from a third party")
    OTHER = "other", _("Other")


class Observed(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Source(models.TextChoices):
    INTERVIEW = "interview", _("Hearing or interview with the person")
    REFERRAL = "referral", _("The application")
    DOCUMENTS = "documents", _("Documents")
    THIRD_PARTY = "third_party", _("Third party (care, lawyer, doctor)")
    OBSERVATION = "observation", _("Own observation")


class Audience(models.TextChoices):
    ALL = "all", _("Adults and minors")
    ADULT = "adult", _("Adults")
    MINOR = "minor", _("Minors")
