"""Checking answers, as tables of rows that read like the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from opvangnet.collection.validation import (
    CellState,
    QuestionSpec,
    RuleSpec,
    check_rules,
    check_warnings,
    parse_cell,
)

WHOLE = QuestionSpec("signals", "Signalen", "integer", min_value=Decimal(0))
SHARE = QuestionSpec("occupancy", "Bezetting", "percentage")
CHOICE = QuestionSpec("expertise", "Deskundig", "choice", choices=(("yes", "Ja"), ("no", "Nee")))


@pytest.mark.parametrize(
    ("question", "raw", "number", "text", "fails"),
    [
        (WHOLE, "12", Decimal(12), "", False),
        (WHOLE, 12.0, Decimal(12), "", False),
        (WHOLE, " 1 200 ", Decimal(1200), "", False),
        (WHOLE, "12,5", None, "", True),  # not whole
        (WHOLE, "-1", None, "", True),  # under the minimum
        (WHOLE, "twaalf", None, "", True),
        (WHOLE, True, None, "", True),
        (WHOLE, "", None, "", False),  # no answer
        (SHARE, "87,5", Decimal("87.50"), "", False),  # Dutch decimal comma
        (SHARE, "87.5%", Decimal("87.50"), "", False),
        (SHARE, "100.01", None, "", True),
        (CHOICE, "yes", None, "yes", False),
        (CHOICE, "ja", None, "yes", False),  # the label, any case
        (CHOICE, "misschien", None, "", True),
    ],
)
def test_one_cell_is_parsed_or_refused(
    question: QuestionSpec, raw: object, number: object, text: str, fails: bool
) -> None:
    parsed, parsed_text, error = parse_cell(question, raw)
    assert (parsed, parsed_text, error is not None) == (number, text, fails)


BROKEN_DOWN = QuestionSpec("requests", "Verzoeken", "integer", breakdowns=("", "woman", "man", "non_binary"))
PLACED = QuestionSpec("placements", "Plaatsingen", "integer")
QUESTIONS = {q.code: q for q in (BROKEN_DOWN, PLACED)}


def cells(**values: int) -> dict[tuple[str, str], CellState]:
    table = {}
    for key, value in values.items():
        code, _sep, breakdown = key.partition("__")
        table[(code, breakdown)] = CellState(Decimal(value))
    return table


@pytest.mark.parametrize(
    ("rule", "values", "broken"),
    [
        (
            RuleSpec("breakdown_sum", ("requests",), "requests"),
            cells(requests=5, requests__woman=3, requests__man=2),
            False,
        ),
        (
            RuleSpec("breakdown_sum", ("requests",), "requests"),
            cells(requests=5, requests__woman=3),
            True,
        ),  # 3 ≠ 5
        (RuleSpec("breakdown_sum", ("requests",), "requests"), cells(requests=5), False),  # no parts yet
        (RuleSpec("at_most", ("placements",), "requests"), cells(requests=5, placements=5), False),
        (RuleSpec("at_most", ("placements",), "requests"), cells(requests=5, placements=6), True),
        (
            RuleSpec("at_most", ("placements",), "requests"),
            cells(placements=6),
            False,
        ),  # requests not given yet
        (RuleSpec("sum_equals", ("placements",), "requests"), cells(requests=5, placements=4), True),
    ],
)
def test_rules_between_answers(rule: RuleSpec, values: dict, broken: bool) -> None:
    assert bool(check_rules([rule], QUESTIONS, values)) == broken


@pytest.mark.parametrize(
    ("earlier", "now", "warns"),
    [
        ([10, 12, 11], 33, False),  # three times the median of 11 is 33: not over it
        ([10, 12, 11], 34, True),
        ([10, 12, 11], 4, False),  # a third of 11 is 3.67
        ([10, 12, 11], 3, True),
        ([1, 2, 1], 4, False),  # small numbers: no warning
        ([3, 4, 5], 0, True),  # a sudden zero after 5
        ([5, 4, 2], 0, False),  # after 2 a zero is no surprise
        ([], 100, False),  # nothing to compare with
    ],
)
def test_warnings_compare_with_the_regions_earlier_periods(earlier: list[int], now: int, warns: bool) -> None:
    history = {("placements", ""): [Decimal(value) for value in earlier]}
    with translation.override("en"):
        issues = check_warnings([PLACED], cells(placements=now), history)
    assert bool(issues) == warns
