"""Offers of shelter and help at a location, and their live availability with its history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping
from opvangnet.regions.models import Location, SecurityLevel
from opvangnet.vocabulary import (
    BED_BASED_CARE_TYPES,
    EXPLOITATION_FIELDS,
    GENDER_FIELDS,
    LANGUAGES,
    NEED_FIELDS,
    AdmissionRoute,
    CareType,
    Exploitation,
    Gender,
    Need,
    labels,
    parse_language_codes,
)

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

STALE_AFTER = timedelta(hours=24)
# No offer has ten thousand places or people waiting: a bigger number is a typo and is refused, never stored.
MAX_COUNT = 10_000


class OfferQuerySet(models.QuerySet["Offer"]):
    def visible_to(self, user: Viewer) -> OfferQuerySet:
        """Offers the viewer may see (see `accounts.scoping.offers_for`), with location and region joined."""
        return scoping.offers_for(user, self).select_related(
            "location__organisation", "location__municipality__region"
        )

    def editable_by(self, user: Viewer) -> OfferQuerySet:
        """Offers whose data and availability this user may change."""
        return scoping.offers_editable_by(user, self)

    def active(self) -> OfferQuerySet:
        return self.filter(active=True)

    def in_region(self, region_code: str) -> OfferQuerySet:
        return self.filter(location__municipality__region__code=region_code)

    def with_free_places(self) -> OfferQuerySet:
        return self.filter(free_places__gt=0)

    def stale(self, now: datetime | None = None) -> OfferQuerySet:
        """Offers whose availability is older than 24 hours or was never reported."""
        limit = (now or timezone.now()) - STALE_AFTER
        return self.filter(
            models.Q(availability_updated_at__isnull=True) | models.Q(availability_updated_at__lt=limit)
        )

    def serving(self, exploitation: str) -> OfferQuerySet:
        return self.filter(**{EXPLOITATION_FIELDS[exploitation]: True})

    def accepting(self, gender: str) -> OfferQuerySet:
        return self.filter(**{GENDER_FIELDS[gender]: True})

    def supporting(self, need: str) -> OfferQuerySet:
        return self.filter(**{NEED_FIELDS[need]: True})

    def for_age(self, age: int) -> OfferQuerySet:
        return self.filter(min_age__lte=age, max_age__gte=age)


class Offer(models.Model):
    """A kind of shelter or help that one location offers to a target group, with its places."""

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="offers", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=200)
    care_type = models.CharField(_("care type"), max_length=20, choices=CareType.choices)

    serves_sexual = models.BooleanField(_("sexual exploitation"), default=False)
    serves_labour = models.BooleanField(_("labour exploitation"), default=False)
    serves_criminal = models.BooleanField(_("criminal exploitation"), default=False)
    serves_other = models.BooleanField(_("other exploitation"), default=False)

    accepts_woman = models.BooleanField(_("women"), default=False)
    accepts_man = models.BooleanField(_("men"), default=False)
    accepts_non_binary = models.BooleanField(_("non-binary people"), default=False)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), default=120, validators=[MaxValueValidator(120)]
    )
    children_allowed = models.BooleanField(_("children can come along"), default=False)

    supports_addiction = models.BooleanField(_("addiction"), default=False)
    supports_psychiatric = models.BooleanField(_("psychiatric problems"), default=False)
    supports_intellectual_disability = models.BooleanField(_("mild intellectual disability"), default=False)
    supports_physical_disability = models.BooleanField(_("physical disability"), default=False)
    supports_pregnancy = models.BooleanField(_("pregnancy"), default=False)
    supports_no_residence_status = models.BooleanField(_("no residence status"), default=False)

    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. nl,en,ro."),
    )
    security_level = models.CharField(
        _("security level"), max_length=10, choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(0)])
    admission_criteria = models.TextField(_("admission criteria"), blank=True)
    # Matching treats this as a hard rule (why-not `admission_route`); the criteria above are free text.
    admission_route = models.CharField(
        _("admission route"),
        max_length=20,
        choices=AdmissionRoute.choices,
        default=AdmissionRoute.OPEN,
        help_text=_("Categorical shelter (such as COSM) admits only people referred through its route."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    # The current availability, copied from the latest snapshot so lists need no extra query.
    free_places = models.PositiveIntegerField(_("free places"), default=0)
    occupied_places = models.PositiveIntegerField(_("occupied places"), default=0)
    waiting_list = models.PositiveIntegerField(_("waiting list"), default=0)
    availability_updated_at = models.DateTimeField(
        _("availability updated"), null=True, blank=True, db_index=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["location__organisation__name", "location__name", "name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="unique_offer_name_per_location"),
            models.CheckConstraint(
                condition=models.Q(min_age__lte=models.F("max_age")), name="offer_age_range"
            ),
        ]
        indexes = [models.Index(fields=["care_type", "active"])]
        permissions = [("manage_own_offers", "Can manage the offers of the own organisation")]

    def __str__(self) -> str:
        return f"{self.name} ({self.location})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            errors["max_age"] = _("The maximum age is below the minimum age.")
        if self.places is not None and self.places > MAX_COUNT:
            errors["places"] = _("Must be at most %(max)s.") % {"max": MAX_COUNT}
        if self.care_type in BED_BASED_CARE_TYPES and self.places == 0:
            errors["places"] = _("Shelter with beds needs at least one place.")
        if not self.exploitation_types():
            errors["serves_sexual"] = _("Choose at least one form of exploitation.")
        if not self.genders():
            errors["accepts_woman"] = _("Choose at least one gender.")
        unknown = [code for code in self.language_codes() if code not in LANGUAGES]
        if unknown:
            errors["languages"] = _("Unknown language code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    def exploitation_types(self) -> list[str]:
        return [code for code, field in EXPLOITATION_FIELDS.items() if getattr(self, field)]

    def genders(self) -> list[str]:
        return [code for code, field in GENDER_FIELDS.items() if getattr(self, field)]

    def needs_supported(self) -> list[str]:
        return [code for code, field in NEED_FIELDS.items() if getattr(self, field)]

    def exploitation_labels(self) -> list[str]:
        return labels(Exploitation, self.exploitation_types())

    def gender_labels(self) -> list[str]:
        return labels(Gender, self.genders())

    def need_labels(self) -> list[str]:
        return labels(Need, self.needs_supported())

    def language_codes(self) -> list[str]:
        return parse_language_codes(self.languages)

    @property
    def is_bed_based(self) -> bool:
        return self.care_type in BED_BASED_CARE_TYPES

    def is_stale(self, now: datetime | None = None) -> bool:
        """True when availability was never reported or is older than 24 hours (*niet actueel*)."""
        if self.availability_updated_at is None:
            return True
        return self.availability_updated_at < (now or timezone.now()) - STALE_AFTER


class AvailabilitySource(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    PLACEMENT = "placement", _("Placement")
    DEMO = "demo", _("Demo data")


class AvailabilitySnapshot(models.Model):
    """One report of free and occupied places; the history of an offer's availability."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="snapshots")
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    free_places = models.PositiveIntegerField(_("free places"))
    occupied_places = models.PositiveIntegerField(_("occupied places"))
    waiting_list = models.PositiveIntegerField(_("waiting list"))
    source = models.CharField(_("source"), max_length=10, choices=AvailabilitySource.choices)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("availability snapshot")
        verbose_name_plural = _("availability snapshots")
        indexes = [models.Index(fields=["offer", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.offer_id} @ {self.recorded_at:%Y-%m-%d %H:%M}: {self.free_places} free"
