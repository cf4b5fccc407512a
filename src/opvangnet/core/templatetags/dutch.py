"""Template filters for dates and ages as Dutch writes them (see opvangnet.core.dutch).

{% load dutch %}
{{ round.deadline|day }}          29 november 2026
{{ hold.expires_at|moment }}      29 november 2026 14:05
{{ case.due_at|deadline }}        29 november 2026 (a deadline is a day; use `moment` when its time matters)
{{ offer.min_age|age_range:offer.max_age }}   18+ · tot 18 · 12–17 jaar
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from opvangnet.core.dutch import format_age_range, format_day, format_moment, format_time

register = template.Library()


@register.filter
def day(value: date | datetime | None) -> str:
    return format_day(value)


@register.filter
def deadline(value: date | datetime | None) -> str:
    """A deadline as the day it falls on: the clock time of a working-day deadline tells nothing."""
    return format_day(value)


@register.filter
def moment(value: datetime | None) -> str:
    return format_moment(value)


@register.filter
def clock(value: datetime | None) -> str:
    return format_time(value)


@register.filter
def age_range(low: int | None, high: int | None) -> str:
    return format_age_range(low, high)
