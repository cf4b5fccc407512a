"""The domain's code lists, once: care types, exploitation types, genders, needs, age groups, security levels
and languages, as Django choices with Dutch labels.

Models, forms, imports, the API, the engine adapter and the figures all import from here. The codes are those
of the pure cores' contracts (`docs/cli.md`); the placement engine keeps the same codes as plain strings, and
`tests/test_vocabulary.py` compares the two lists.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CareType(models.TextChoices):
    CRISIS = "crisis", _("Crisis shelter")
    LONG_TERM = "long_term", _("Long-term shelter")
    TRANSITIONAL = "transitional", _("Transitional shelter")
    AMBULANT = "ambulant", _("Ambulant help")


BED_BASED_CARE_TYPES = frozenset({CareType.CRISIS, CareType.LONG_TERM, CareType.TRANSITIONAL})


class BedCareType(models.TextChoices):
    """The care types whose places are beds (BED_BASED_CARE_TYPES) as a code list of their own: a figure
    broken down by these adds up to a number of beds, never to beds and ambulant places together."""

    CRISIS = "crisis", _("Crisis shelter")
    LONG_TERM = "long_term", _("Long-term shelter")
    TRANSITIONAL = "transitional", _("Transitional shelter")


class Exploitation(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    CRIMINAL = "criminal", _("Criminal exploitation")
    OTHER = "other", _("Other exploitation")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class Need(models.TextChoices):
    ADDICTION = "addiction", _("Addiction")
    PSYCHIATRIC = "psychiatric", _("Psychiatric problems")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("Mild intellectual disability")
    PHYSICAL_DISABILITY = "physical_disability", _("Physical disability")
    PREGNANCY = "pregnancy", _("Pregnancy")
    NO_RESIDENCE_STATUS = "no_residence_status", _("No residence status")


class AgeGroup(models.TextChoices):
    MINOR = "minor", _("Minor (under 18)")
    YOUNG_ADULT = "young_adult", _("Young adult (18–23)")
    ADULT = "adult", _("Adult (24 and over)")


def age_group(age: int) -> str:
    """The age group of an age in whole years: under 18, 18–23, 24 and over."""
    if age < 18:
        return AgeGroup.MINOR
    return AgeGroup.YOUNG_ADULT if age <= 23 else AgeGroup.ADULT


class SecurityLevel(models.TextChoices):
    STANDARD = "standard", _("Standard")
    HIGH = "high", _("High")


class NationalityGroup(models.TextChoices):
    """Broad groups, enough to know the route (residence rights differ); never the nationality itself."""

    DUTCH = "dutch", _("Dutch")
    EU_EEA = "eu_eea", _("EU/EEA or Swiss")
    OUTSIDE_EU = "outside_eu", _("Outside the EU/EEA")
    UNKNOWN = "unknown", _("Unknown")


class B8Status(models.TextChoices):
    """Where the person stands in the B8/3 procedure (residence for victims of human trafficking)."""

    NONE = "none", _("Not in the B8/3 procedure")
    REFLECTION = "reflection", _("Reflection period")
    APPLIED = "applied", _("B8/3 residence applied for")
    GRANTED = "granted", _("B8/3 residence granted")


class AdmissionRoute(models.TextChoices):
    """Who an offer admits; the codes are the matching core's `ADMISSION_ROUTES`."""

    OPEN = "open", _("Everyone")
    B8_PROCEDURE = "b8_procedure", _("Only people referred through CoMensha in the B8/3 procedure")


def admission_routes(b8_status: str) -> list[str]:
    """The admission routes a person with this B8/3 status came in through (besides "open")."""
    if b8_status in (B8Status.REFLECTION, B8Status.APPLIED, B8Status.GRANTED):
        return [AdmissionRoute.B8_PROCEDURE]
    return []


class Guardian(models.TextChoices):
    """Who has authority over a minor."""

    NIDOS = "nidos", _("Nidos (guardianship institution)")
    PARENTS = "parents", _("Parent(s)")
    OTHER = "other", _("Other guardian")


# Each multi-valued property is stored as one boolean column per code: filterable and countable on SQLite
# and PostgreSQL alike, without JSON containment lookups that SQLite lacks.
EXPLOITATION_FIELDS = {code: f"serves_{code}" for code in Exploitation.values}
GENDER_FIELDS = {code: f"accepts_{code}" for code in Gender.values}
NEED_FIELDS = {code: f"supports_{code}" for code in Need.values}

LANGUAGES = {
    "nl": _("Dutch"),
    "en": _("English"),
    "de": _("German"),
    "fr": _("French"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "hu": _("Hungarian"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "ti": _("Tigrinya"),
    "am": _("Amharic"),
    "so": _("Somali"),
    "fa": _("Persian"),
    "tr": _("Turkish"),
    "zh": _("Chinese"),
    "vi": _("Vietnamese"),
    "th": _("Thai"),
    "tl": _("Tagalog"),
    "pcm": _("Nigerian Pidgin"),
    "bin": _("Edo"),
}


def parse_language_codes(text: str) -> list[str]:
    """Language codes from free text as people type them: "nl, EN; ro" gives ["nl", "en", "ro"]."""
    return [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]


@lru_cache(maxsize=512)
def _label(choices: type[models.TextChoices], code: str, language: str | None) -> str:
    return str(choices(code).label)


def labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """The labels of these codes in the active language; translated once per language, not once per row."""
    language = get_language()
    return [_label(choices, code, language) for code in codes]
