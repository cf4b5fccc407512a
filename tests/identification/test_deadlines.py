"""Working-day deadlines across Dutch public holidays, as a table of rules and as properties."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from opvangnet.identification.deadlines import (
    DeadlineStatus,
    add_working_days,
    deadline_status,
    extend_for_pause,
    is_working_day,
    reflection_period_end,
    working_days_between,
)

AMS = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=AMS)


ADD_WORKING_DAYS = [
    # (rule, start, working days, expected)
    ("Friday 17:00 + 2 working days → Tuesday 17:00", "2025-03-07 17:00", 2, "2025-03-11 17:00"),
    ("Monday 09:00 + 0 working days → the same moment", "2025-03-10 09:00", 0, "2025-03-10 09:00"),
    ("Saturday 10:00 + 1 working day → Monday 10:00", "2025-03-08 10:00", 1, "2025-03-10 10:00"),
    (
        "Thursday before Easter + 1 → Tuesday (Good Friday, Easter Monday)",
        "2025-04-17 12:00",
        1,
        "2025-04-22 12:00",
    ),
    ("Friday before Easter Monday 2026 + 1 → Tuesday", "2026-04-02 12:00", 1, "2026-04-07 12:00"),
    (
        "Easter Monday is no working day: Friday + 1 → Tuesday (2024)",
        "2024-03-28 09:00",
        1,
        "2024-04-02 09:00",
    ),
    ("King's Day on a Monday (2026): Friday + 1 → Tuesday", "2026-04-24 15:00", 1, "2026-04-28 15:00"),
    (
        "King's Day moves to Saturday 26 April 2025: Friday 25 + 1 → Monday 28",
        "2025-04-25 15:00",
        1,
        "2025-04-28 15:00",
    ),
    (
        "King's Day on Saturday 26 April 2025 leaves Monday 28 a working day",
        "2025-04-24 15:00",
        2,
        "2025-04-28 15:00",
    ),
    ("Liberation Day counts every year (Tuesday 5 May 2026)", "2026-05-04 10:00", 1, "2026-05-06 10:00"),
    ("Christmas 2025 (Thu, Fri): Wednesday 24 + 1 → Monday 29", "2025-12-24 17:00", 1, "2025-12-29 17:00"),
    (
        "Christmas, New Year and the gelijkgestelde 2 Jan 2026: 23 Dec 2025 + 5 → Mon 5 Jan",
        "2025-12-23 11:00",
        5,
        "2026-01-05 11:00",
    ),
    (
        "Ascension Day 2025 and the gelijkgestelde Friday 30 May: Wednesday + 1 → Monday",
        "2025-05-28 09:00",
        1,
        "2025-06-02 09:00",
    ),
    (
        "Friday after Ascension 2024 (10 May) is gelijkgesteld: Wednesday 8 + 1 → Monday 13",
        "2024-05-08 09:00",
        1,
        "2024-05-13 09:00",
    ),
    (
        "Friday 27 December 2024 is gelijkgesteld: Tuesday 24 + 1 → Monday 30",
        "2024-12-24 16:00",
        1,
        "2024-12-30 16:00",
    ),
    (
        "King's Day 2023 (Thursday) and the gelijkgestelde Friday 28 April: Wed + 1 → Monday 1 May",
        "2023-04-26 09:00",
        1,
        "2023-05-01 09:00",
    ),
    (
        "2027: Liberation Day (Wed 5 May), Ascension (Thu 6) and the gelijkgestelde Fri 7: Tue + 1 → Mon",
        "2027-05-04 09:00",
        1,
        "2027-05-10 09:00",
    ),
    ("Whit Monday 2025 (9 June): Friday + 1 → Tuesday", "2025-06-06 09:00", 1, "2025-06-10 09:00"),
    ("Five working days over a plain week", "2025-03-03 08:30", 5, "2025-03-10 08:30"),
]


@pytest.mark.parametrize(
    ("rule", "start", "days", "expected"), ADD_WORKING_DAYS, ids=[r[0] for r in ADD_WORKING_DAYS]
)
def test_adding_working_days_follows_the_rule(rule: str, start: str, days: int, expected: str) -> None:
    assert add_working_days(at(start), days) == at(expected), rule


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-04-21", False),  # Easter Monday
        ("2025-04-26", False),  # King's Day on Saturday anyway
        ("2025-04-28", True),  # the Monday after: an ordinary day
        ("2026-04-27", False),  # King's Day on Monday
        ("2025-12-25", False),
        ("2025-12-26", False),
        ("2025-12-24", True),
        ("2026-01-01", False),
        ("2026-01-02", False),  # gelijkgestelde dag
        ("2026-05-15", False),  # gelijkgestelde dag: the Friday after Ascension
        ("2028-04-28", False),  # gelijkgestelde dag: the Friday after King's Day on Thursday
        ("2025-05-05", False),  # Liberation Day, in a year the holidays package leaves it out
    ],
)
def test_public_holidays_are_no_working_days(day: str, working: bool) -> None:
    assert is_working_day(dt.date.fromisoformat(day)) is working


def test_extra_closed_days_from_a_newer_decree_count_as_no_working_days() -> None:
    decree = {dt.date(2029, 5, 11)}
    assert is_working_day(dt.date(2029, 5, 11)) is True
    assert is_working_day(dt.date(2029, 5, 11), decree) is False
    assert add_working_days(at("2029-05-09 09:00"), 1, decree) == at("2029-05-14 09:00")


EXTEND_FOR_PAUSE = [
    # (rule, due, paused from, paused until, expected)
    (
        "A pause within one day costs nothing",
        "2025-03-20 17:00",
        "2025-03-10 09:00",
        "2025-03-10 16:00",
        "2025-03-20 17:00",
    ),
    (
        "Adjourned Monday to Friday: four working days later",
        "2025-03-20 17:00",
        "2025-03-10 09:00",
        "2025-03-14 11:00",
        "2025-03-26 17:00",
    ),
    (
        "A pause over Easter counts only working days",
        "2025-04-30 12:00",
        "2025-04-17 09:00",
        "2025-04-22 09:00",
        "2025-05-01 12:00",
    ),
]


@pytest.mark.parametrize(
    ("rule", "due", "start", "until", "expected"), EXTEND_FOR_PAUSE, ids=[r[0] for r in EXTEND_FOR_PAUSE]
)
def test_a_clock_that_stood_still_moves_the_deadline_on(
    rule: str, due: str, start: str, until: str, expected: str
) -> None:
    assert extend_for_pause(at(due), at(start), at(until)) == at(expected), rule


def test_a_pause_that_ends_before_it_began_is_refused() -> None:
    with pytest.raises(ValueError, match="pause"):
        extend_for_pause(at("2025-03-20 17:00"), at("2025-03-14 09:00"), at("2025-03-10 09:00"))


def test_the_working_day_count_between_two_dates_skips_the_easter_weekend() -> None:
    assert working_days_between(dt.date(2025, 4, 17), dt.date(2025, 4, 22)) == 1
    assert working_days_between(dt.date(2025, 4, 22), dt.date(2025, 4, 17)) == -1


@pytest.mark.parametrize(
    ("start", "dublin", "end"),
    [
        ("2025-01-15", False, "2025-04-15"),
        ("2025-11-30", False, "2026-02-28"),  # no 30 February: the last day of the month
        ("2025-01-15", True, "2025-02-14"),
    ],
)
def test_the_reflection_period_is_three_months_or_thirty_days_for_dublin(
    start: str, dublin: bool, end: str
) -> None:
    assert reflection_period_end(dt.date.fromisoformat(start), dublin=dublin) == dt.date.fromisoformat(end)


def test_a_deadline_is_overdue_due_soon_or_on_time() -> None:
    due = at("2025-03-11 17:00")
    assert deadline_status(due, at("2025-03-11 17:00"), warning_working_days=2) is DeadlineStatus.OVERDUE
    assert deadline_status(due, at("2025-03-07 17:00"), warning_working_days=2) is DeadlineStatus.DUE_SOON
    assert deadline_status(due, at("2025-03-06 16:00"), warning_working_days=2) is DeadlineStatus.ON_TIME


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(at("2025-03-07 17:00"), -1)


starts = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31))


@seed(20250505)
@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=40))
def test_adding_working_days_lands_on_a_working_day_at_the_same_time(start: dt.datetime, days: int) -> None:
    result = add_working_days(start, days)
    assert is_working_day(result.date())
    assert result.time() == start.time()
    assert working_days_between(start.date(), result.date()) == days
    # Never faster than the calendar, and a working week never takes more than a fortnight here.
    assert days <= (result.date() - start.date()).days <= days * 2 + 12


@seed(20250427)
@settings(max_examples=200, deadline=None)
@given(start=starts, a=st.integers(min_value=0, max_value=20), b=st.integers(min_value=0, max_value=20))
def test_adding_working_days_in_two_steps_equals_one_step_from_a_working_day(
    start: dt.datetime, a: int, b: int
) -> None:
    first = add_working_days(start, 1)  # a working day, so the steps compose
    assert add_working_days(add_working_days(first, a), b) == add_working_days(first, a + b)
