"""Dates, moments and age ranges as Dutch writes them, for pages, letters, mail and exports.

One home for these, so that every page writes "29 november 2026" (month in lower case), a deadline as a day
unless its time matters, and an age range as people say it ("18+", "tot 18", "12–17 jaar"). The words come
through gettext, so an English page reads "29 November 2026", "18+", "under 18", "12–17 years".
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext

DAY_FORMAT = "j F Y"
MOMENT_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
# Ages stored as "no upper bound" (the offer's default maximum).
NO_UPPER_AGE = 120
ADULT_AGE = 18


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value: date | datetime | None) -> str:
    """'29 november 2026'; a moment is first put in local time. None gives ''."""
    return formats.date_format(_local(value), DAY_FORMAT) if value else ""


def format_short_day(value: date | datetime | None) -> str:
    """'29 nov' (for chart axes and narrow columns)."""
    return formats.date_format(_local(value), "j N") if value else ""


def format_moment(value: datetime | None) -> str:
    """'29 november 2026 14:05' (local time), for when the time matters: a hold, a hearing, an audit entry."""
    return formats.date_format(_local(value), MOMENT_FORMAT) if value else ""


def format_time(value: datetime | None) -> str:
    """'14:05' (local time)."""
    return formats.time_format(timezone.localtime(value), TIME_FORMAT) if value else ""


def format_age_range(low: int | None, high: int | None) -> str:
    """'18+', 'tot 18', '12–17 jaar', '16 jaar' or 'alle leeftijden' for an inclusive range of ages."""
    low = low or 0
    high = NO_UPPER_AGE if high is None or high >= NO_UPPER_AGE else high
    if low == 0 and high == NO_UPPER_AGE:
        return gettext("all ages")
    if high == NO_UPPER_AGE:
        return f"{low}+"
    if low == 0:
        return gettext("under %(age)s") % {"age": high + 1}
    if low == high:
        return gettext("%(age)s years") % {"age": low}
    return gettext("%(low)s–%(high)s years") % {"low": low, "high": high}
