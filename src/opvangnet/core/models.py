"""Named counters that writers bump inside their own transaction (see `opvangnet.core.counters`)."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """A number that only goes up, one row per name: a cheap 'has anything changed?' for every process."""

    name = models.CharField(max_length=100, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"
