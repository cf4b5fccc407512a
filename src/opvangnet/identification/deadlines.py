"""Deadline arithmetic for victim-status assessments, in working days. Pure: no Django, plain values only.

The rule in words:

- A working day is a Monday to Friday that is neither an *algemeen erkende feestdag* of the Algemene
  termijnenwet (art. 3(1)–(2): New Year, Good Friday, Easter Monday, King's Day, 5 May every year, Ascension,
  Whit Monday, both Christmas days) nor a day the government has made equal to one (*gelijkgestelde dag*,
  art. 3(3), by a decree published for a few years at a time). The feestdagen come from the `holidays`
  package plus 5 May, which the package lists only every fifth year; the gelijkgestelde dagen are the table
  `GELIJKGESTELDE_DAGEN` below, and callers may pass more (`extra_closed`) when a new decree appears before
  a new release of this module.
- Adding N working days to a moment steps forward one calendar day at a time, counts only working days, and
  keeps the time of day: Friday 17:00 + 2 working days is Tuesday 17:00. Starting on a weekend or holiday is
  the same as starting from that day: Saturday 10:00 + 1 working day is Monday 10:00.
- A clock that stood still (the assessment was adjourned for more information, or the person was given time
  for a response to a draft opinion) moves its deadline on by the working days it stood still.
- The reflection period (bedenktijd) lasts at most three calendar months from its first day (the same day
  number three months on, or the last day of a shorter month); in Dublin cases at most 30 calendar days.
- A deadline is *overdue* once its moment has passed, *due soon* when it falls within the warning window of
  working days, and *on time* otherwise.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from enum import StrEnum
from functools import lru_cache

import holidays

REFLECTION_MONTHS = 3
DUBLIN_REFLECTION_DAYS = 30

# Days made equal to a feestdag under art. 3(3) Algemene termijnenwet. Sources: "Besluit gelijkstelling van
# 27 mei 2022 …"; "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en
# 30 mei 2025 met een algemeen erkende feestdag"; "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026,
# 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag" (Staatsblad).
GELIJKGESTELDE_DAGEN: frozenset[dt.date] = frozenset(
    {
        dt.date(2022, 5, 27),
        dt.date(2023, 4, 28),
        dt.date(2023, 5, 19),
        dt.date(2024, 5, 10),
        dt.date(2024, 12, 27),
        dt.date(2025, 5, 30),
        dt.date(2026, 1, 2),
        dt.date(2026, 5, 15),
        dt.date(2027, 5, 7),
        dt.date(2028, 4, 28),
        dt.date(2028, 5, 26),
    }
)

Closed = Collection[dt.date]


class DeadlineStatus(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """The feestdagen and gelijkgestelde dagen of one year (see the module docstring)."""
    days = set(holidays.country_holidays("NL", years=year).keys())
    days.add(dt.date(year, 5, 5))
    days.update(day for day in GELIJKGESTELDE_DAGEN if day.year == year)
    return frozenset(days)


def is_working_day(day: dt.date, extra_closed: Closed = ()) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year) and day not in extra_closed


def add_working_days(start: dt.datetime, days: int, extra_closed: Closed = ()) -> dt.datetime:
    """The moment `days` working days after `start`, at the same time of day (and in the same time zone)."""
    if days < 0:
        raise ValueError("days must not be negative")
    closed = frozenset(extra_closed)
    day = start.date()
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            counted += 1
    return start.replace(year=day.year, month=day.month, day=day.day)


def working_days_between(start: dt.date, end: dt.date, extra_closed: Closed = ()) -> int:
    """How many working days lie after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, extra_closed)
    closed = frozenset(extra_closed)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            count += 1
    return count


def extend_for_pause(
    due: dt.datetime, paused_from: dt.datetime, paused_until: dt.datetime, extra_closed: Closed = ()
) -> dt.datetime:
    """`due` moved on by the working days between `paused_from` and `paused_until` (a clock that stood still).

    A pause that ends on the day it began costs nothing; one that ends before it began is an error.
    """
    if paused_until < paused_from:
        raise ValueError("a pause cannot end before it began")
    closed = frozenset(extra_closed)
    return add_working_days(
        due, working_days_between(paused_from.date(), paused_until.date(), closed), closed
    )


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reflection_period_end(start: dt.date, *, dublin: bool) -> dt.date:
    """The last day the reflection period that began on `start` may last."""
    if dublin:
        return start + dt.timedelta(days=DUBLIN_REFLECTION_DAYS)
    return add_months(start, REFLECTION_MONTHS)


def deadline_status(
    due: dt.datetime, now: dt.datetime, *, warning_working_days: int, extra_closed: Closed = ()
) -> DeadlineStatus:
    if now >= due:
        return DeadlineStatus.OVERDUE
    if add_working_days(now, warning_working_days, extra_closed) >= due:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME
