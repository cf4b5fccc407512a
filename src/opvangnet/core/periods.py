"""Reporting periods: whole months, quarters or years, or a range of them. Never an arbitrary day range.

Why whole periods only: a role that sees suppressed aggregates could otherwise ask for 1–31 March and for
1–30 March and subtract (differencing), recovering one day's small count. With whole calendar periods the
only overlaps are whole months, which are themselves published with suppression.

Text forms (case-insensitive), as the command line, the API and the pages take them:

- `2025` (a year), `2025-Q3` (a quarter), `2025-07` (a month);
- a range of those: `2025-01..2025-06`, `2024-Q4..2025-Q1`, `2023..2025` (from the start of the first to the
  end of the last; the two ends may differ in kind).

A period is half-open: `start` is its first day, `end` the first day after it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
GRANULARITIES = ("month", "quarter", "year")


class PeriodError(ValueError):
    """A period text that is not a whole month, quarter or year (or a range of them)."""


def _month_after(day: dt.date, months: int = 1) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive
    label: str

    @property
    def granularity(self) -> str:
        """The finest kind that tiles this period: month, quarter or year."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        if self.start.month == 1 and months % 12 == 0:
            return "year"
        if (self.start.month - 1) % 3 == 0 and months % 3 == 0:
            return "quarter"
        return "month"

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def days(self) -> int:
        return (self.end - self.start).days

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware datetimes in the current time zone (Europe/Amsterdam): [start, end)."""
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=zone),
        )

    def parts(self, granularity: str) -> list[Period]:
        """The whole months, quarters or years that make up this period, in order (for trends)."""
        step = {"month": 1, "quarter": 3, "year": 12}[granularity]
        if granularity == "quarter" and (self.start.month - 1) % 3:
            raise PeriodError("the period does not start on a quarter")
        if granularity == "year" and self.start.month != 1:
            raise PeriodError("the period does not start on a year")
        result = []
        day = self.start
        while day < self.end:
            result.append(_single(day, granularity))
            day = _month_after(day, step)
        return result

    def previous(self) -> Period:
        """The period of the same kind and length just before this one."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        start = _month_after(self.start, -months)
        parts = Period(start, self.start, "").parts(self.granularity)
        return parts[0] if len(parts) == 1 else _range(parts[0], parts[-1])

    def __str__(self) -> str:
        return self.label


def _single(start: dt.date, granularity: str) -> Period:
    if granularity == "year":
        return Period(start, dt.date(start.year + 1, 1, 1), f"{start.year}")
    if granularity == "quarter":
        return Period(start, _month_after(start, 3), f"{start.year}-Q{(start.month - 1) // 3 + 1}")
    return Period(start, _month_after(start), f"{start.year}-{start.month:02d}")


def _range(first: Period, last: Period) -> Period:
    if last.end <= first.start:
        raise PeriodError("the end of the range lies before its start")
    if first == last:
        return first
    return Period(first.start, last.end, f"{first.label}..{last.label}")


def _parse_one(text: str) -> Period:
    if match := _YEAR.match(text):
        return _single(dt.date(int(match[1]), 1, 1), "year")
    if match := _QUARTER.match(text):
        return _single(dt.date(int(match[1]), 3 * int(match[2]) - 2, 1), "quarter")
    if match := _MONTH.match(text):
        month = int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"month {month:02d} does not exist")
        return _single(dt.date(int(match[1]), month, 1), "month")
    raise PeriodError(
        f"{text!r} is not a whole month, quarter or year: use 2025, 2025-Q3, 2025-07 or a range such as "
        "2025-01..2025-06"
    )


def parse_period(text: str) -> Period:
    """Parse `2025`, `2025-Q3`, `2025-07` or a range `A..B` of those; raises PeriodError otherwise."""
    text = (text or "").strip()
    if ".." in text:
        first, _sep, last = text.partition("..")
        return _range(_parse_one(first.strip()), _parse_one(last.strip()))
    return _parse_one(text)


def year(number: int) -> Period:
    return _single(dt.date(number, 1, 1), "year")


def containing(day: dt.date, granularity: str) -> Period:
    """The month, quarter or year that contains this day."""
    if granularity == "year":
        return year(day.year)
    if granularity == "quarter":
        return _single(dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), "quarter")
    return _single(dt.date(day.year, day.month, 1), "month")


def default_period(today: dt.date | None = None) -> Period:
    """The current calendar year: what a page shows before anyone chooses."""
    return year((today or timezone.localdate()).year)


class PeriodField(forms.CharField):
    """A form field that accepts only whole periods (see the module docstring) and cleans to a Period."""

    default_error_messages = {
        "invalid": _(
            "Choose a whole month, quarter or year, such as 2025, 2025-Q3, 2025-07 or 2025-01..2025-06."
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("A year (2025), quarter (2025-Q3), month (2025-07) or a range (2025-01..2025-06).")
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 40:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_period(text)
        except PeriodError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        return value.label if isinstance(value, Period) else value
