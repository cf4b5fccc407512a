"""Change counters shared by every application server through the database.

A process that keeps something derived from the database in memory (the offers as NumPy columns for the
intake's candidates) needs to know, on each request, whether its copy is still current, also when the change
was made by another server. Every write that changes such data calls `bump(NAME)` inside its own
transaction: the counter then changes exactly when the data does, becomes visible at the same commit, and a
reader that sees the old number also sees the old data. Readers call `read(...)` (one small query) and
rebuild when a number differs from the one their copy was built at.

The row of a counter is locked from the bump to the commit, so writers of the same counter queue for that
moment; services keep it short by bumping after their other work and before the audit entry.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from opvangnet.core.models import Counter

# What an offer is: its rules (care type, target group, needs, security, languages), its being active and
# the region of its location. Changed by offer edits, imports and a new regional division.
OFFERS = "offers"
# How many places are free: availability reports and places taken or given back by placements.
AVAILABILITY = "availability"


def bump(*names: str) -> None:
    """Add one to each named counter, creating it at 1. Call inside the transaction that makes the change."""
    for name in names:
        if Counter.objects.filter(name=name).update(value=F("value") + 1):
            continue
        try:
            with transaction.atomic():
                Counter.objects.create(name=name, value=1)
        except IntegrityError:  # another writer created it first
            Counter.objects.filter(name=name).update(value=F("value") + 1)


def read(*names: str) -> tuple[int, ...]:
    """The current value of each named counter (0 for one never bumped), in the order asked. One query."""
    values = dict(Counter.objects.filter(name__in=names).values_list("name", "value"))
    return tuple(values.get(name, 0) for name in names)
