"""Dates and ages as Dutch writes them: one helper, the same in pages, letters and mail."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from opvangnet.core.dutch import format_age_range, format_day, format_moment


@pytest.mark.parametrize(
    ("low", "high", "dutch", "english"),
    [
        (18, 120, "18+", "18+"),
        (0, 17, "tot 18", "under 18"),
        (12, 17, "12–17 jaar", "12–17 years"),
        (16, 16, "16 jaar", "16 years"),
        (0, 120, "alle leeftijden", "all ages"),
        (23, None, "23+", "23+"),
    ],
)
def test_an_age_range_reads_as_people_say_it(low: int, high: int | None, dutch: str, english: str) -> None:
    with translation.override("nl"):
        assert format_age_range(low, high) == dutch
    with translation.override("en"):
        assert format_age_range(low, high) == english


def test_a_day_has_its_month_in_lower_case() -> None:
    with translation.override("nl"):
        assert format_day(date(2026, 3, 2)) == "2 maart 2026"
        assert format_day(None) == ""


def test_a_moment_is_shown_in_dutch_local_time() -> None:
    with translation.override("nl"):
        assert format_moment(datetime(2026, 7, 1, 12, 5, tzinfo=UTC)) == "1 juli 2026 14:05"


def test_a_deadline_shows_the_day_and_not_the_clock_time() -> None:
    template = Template("{% load dutch %}{{ due|deadline }} · {{ low|age_range:high }}")
    with translation.override("nl"):
        rendered = template.render(
            Context({"due": datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "low": 18, "high": 120})
        )
    assert rendered == "30 november 2026 · 18+"
