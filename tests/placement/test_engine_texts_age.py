"""The engine's why-not names an age range as the pages do ("18+", "tot 18"), in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from opvangnet.core.dutch import format_age_range
from opvangnet.placement.engine.texts import age_range

RANGES = [(0, 120), (18, 120), (23, 120), (0, 17), (12, 17), (16, 16), (18, 25)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("low", "high"), RANGES)
def test_the_engine_writes_an_age_range_as_the_pages_do(lang: str, low: int, high: int) -> None:
    with translation.override(lang):
        assert age_range(lang, low, high) == format_age_range(low, high)


def test_an_adult_only_place_reads_18_plus_in_the_why_not() -> None:
    assert age_range("nl", 18, 120) == "18+"
    assert age_range("nl", 0, 17) == "tot 18"
