"""Reference data of the national picture: inhabitants per municipality, and region boundaries for the map.

The figures themselves are not stored: they are computed from the registry on every request (see
`figures.py`), so a placement or an availability report shows on the next page load.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from opvangnet.regions.models import Municipality, Region


class Population(models.Model):
    """Inhabitants of a municipality on 1 January of a year (CBS-like), for requests per 100,000."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        ordering = ["year", "municipality__cbs_code"]
        verbose_name = _("population")
        verbose_name_plural = _("population")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_population_per_year")
        ]
        permissions = [
            ("view_picture", "Can see the national picture (suppressed unless also view_exact_figures)"),
            ("view_exact_figures", "Can see the national picture without small-cell suppression"),
            ("export_research", "Can download the k-anonymous research export"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}: {self.inhabitants}"


class RegionShape(models.Model):
    """One simplified polygon (or several) of a region or of one of its municipalities, in WGS84 degrees,
    loaded with `opvangnet import-boundaries FILE`; the map draws every shape in its region's colour."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code in the boundary file"), max_length=20)
    # [[[lon, lat], ...], ...]: outer rings and holes alike, drawn with the even-odd rule.
    rings = models.JSONField(_("rings"))

    class Meta:
        ordering = ["region__code", "code"]
        verbose_name = _("region shape")
        verbose_name_plural = _("region shapes")

    def __str__(self) -> str:
        return f"{self.region_id}/{self.code}"
