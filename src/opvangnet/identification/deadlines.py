"""Deadline arithmetic for victim-status cases, in working days. Pure: no Django, plain values in and out.

The rule in words:

- A working day is a Monday to Friday that is not a Dutch public holiday. The holidays are those of the
  `holidays` package for the Netherlands (New Year, Good Friday, Easter, King's Day — 26 April when 27 April
  is a Sunday —, Ascension, Whit Monday, Christmas) plus Liberation Day (5 May) in every year, because the
  Algemene termijnenwet counts it every year while the package lists it only every fifth year.
- Adding N working days to a moment steps forward one calendar day at a time, counts only working days, and
  keeps the time of day: Friday 17:00 + 2 working days is Tuesday 17:00. Starting on a weekend or holiday is
  the same as starting from that day: Saturday 10:00 + 1 working day is Monday 10:00.
- The reflection period (bedenktijd) lasts three calendar months from its first day (the same day number
  three months on, or the last day of a shorter month); in Dublin cases it lasts 30 calendar days.
- A deadline is *overdue* once its moment has passed, *due soon* when it falls within the warning window of
  working days, and *on time* otherwise.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from functools import lru_cache

import holidays

REFLECTION_MONTHS = 3
DUBLIN_REFLECTION_DAYS = 30


class DeadlineStatus(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """The Dutch public holidays of one year (see the module docstring)."""
    days = set(holidays.country_holidays("NL", years=year).keys())
    days.add(dt.date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The moment `days` working days after `start`, at the same time of day (and in the same time zone)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start.date()
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return start.replace(year=day.year, month=day.month, day=day.day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reflection_period_end(start: dt.date, *, dublin: bool) -> dt.date:
    """The day on which the reflection period that began on `start` ends."""
    if dublin:
        return start + dt.timedelta(days=DUBLIN_REFLECTION_DAYS)
    return add_months(start, REFLECTION_MONTHS)


def deadline_status(due: dt.datetime, now: dt.datetime, *, warning_working_days: int) -> DeadlineStatus:
    if now >= due:
        return DeadlineStatus.OVERDUE
    if add_working_days(now, warning_working_days) >= due:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME
