"""Read-side helpers for the reference-data pages and API."""

from __future__ import annotations

from django.db.models import Count, Q

from opvangnet.regions.models import Region, RegionQuerySet


def regions_with_counts(queryset: RegionQuerySet) -> RegionQuerySet:
    """Annotate each region with its number of municipalities and active locations (one query)."""
    return queryset.annotate(
        municipality_count=Count("municipalities", distinct=True),
        location_count=Count(
            "municipalities__locations",
            filter=Q(municipalities__locations__active=True),
            distinct=True,
        ),
    )


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()
