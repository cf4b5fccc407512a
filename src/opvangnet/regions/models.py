"""Reference data: the regional division, organisations and their locations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping
from opvangnet.vocabulary import SecurityLevel

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


class PoliceUnit(models.Model):
    """One of the regional police units by which national statistics are broken down."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")

    def __str__(self) -> str:
        return self.name


class RegionQuerySet(models.QuerySet["Region"]):
    def visible_to(self, user: Viewer) -> RegionQuerySet:
        """Regions the user may see (reference data: everyone). One query, no joins."""
        return scoping.regions_for(user, self)


class Region(models.Model):
    """A care region of the care coordinators' network (default: centrumgemeente vrouwenopvang)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    central_municipality_code = models.CharField(
        _("central municipality (CBS code)"), max_length=10, blank=True
    )
    # Centre of the region in WGS84 degrees; the matching core ranks by distance between region centres.
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    # The region's care coordination (zorgcoördinatie) by phone, shown to providers on a proposal.
    coordination_phone = models.CharField(_("care coordination phone"), max_length=30, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality by its CBS code; it belongs to one care region and one police unit."""

    cbs_code = models.CharField(_("CBS code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    police_unit = models.ForeignKey(
        PoliceUnit, on_delete=models.PROTECT, related_name="municipalities", null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    PROVIDER = "provider", _("Shelter or care provider")
    MUNICIPALITY = "municipality", _("Municipality")
    UMBRELLA = "umbrella", _("Umbrella organisation")
    NATIONAL_COORDINATION = "national_coordination", _("National coordination centre")
    IND = "ind", _("Immigration and Naturalisation Service (IND)")
    ENFORCEMENT = "enforcement", _("Police, KMar or Labour Inspectorate")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Viewer) -> OrganisationQuerySet:
        """Organisations the user may see; see `accounts.scoping.organisations_for`."""
        return scoping.organisations_for(user, self)

    def providers(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.PROVIDER)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_24_7 = models.CharField(
        _("24/7 phone"), max_length=30, blank=True, help_text=_("Reachable day and night for placements.")
    )
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_organisation_name_kind")]
        permissions = [("view_inactive", "Can see inactive organisations and locations")]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """Someone to call or mail about placements at an organisation; proposals are mailed to them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_persons", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notify = models.BooleanField(_("mail on new proposals"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class LocationQuerySet(models.QuerySet["Location"]):
    def visible_to(self, user: Viewer) -> LocationQuerySet:
        """Locations the user may see, with organisation and municipality joined (one query).

        Seeing a location does not mean seeing its address: ask `Location.address_for(user)`.
        """
        return scoping.locations_for(user, self).select_related(
            "organisation", "municipality", "municipality__region"
        )

    def in_region(self, region: Region) -> LocationQuerySet:
        return self.filter(municipality__region=region)


class Location(models.Model):
    """A building where an organisation offers shelter or help."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="locations")
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    secret_address = models.BooleanField(
        _("secret address"),
        default=False,
        help_text=_(
            "Shown only to the location's own organisation; others see it only through an audited reveal."
        ),
    )
    security_level = models.CharField(
        _("security level"), max_length=10, choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    active = models.BooleanField(_("active"), default=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        permissions = [
            ("view_address", "Can see the ordinary addresses of locations"),
            ("reveal_secret_address", "Can reveal one secret address, with a reason"),
            ("change_address_secrecy", "Can make any location's address secret or no longer secret"),
            ("manage_own_locations", "Can manage the own organisation's locations"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.name}"

    @property
    def region(self) -> Region:
        return self.municipality.region

    def address_visible_to(self, user: Viewer) -> bool:
        return scoping.can_see_address(user, self)

    def address_for(self, user: Viewer) -> str | None:
        """The street address if this user may see it in a list, page, export or API answer, else None
        (templates show 'secret' or nothing). A secret address is revealed only through an audited service
        (`regions.services.reveal_address`, `placement.services.reveal_address_for_transport`)."""
        if not self.address_visible_to(user):
            return None
        return self.full_address()

    def full_address(self) -> str:
        """Street, postal code and town. Callers decide who may see it; see `address_for`."""
        return ", ".join(part for part in (self.address, self.postal_code, self.municipality.name) if part)
