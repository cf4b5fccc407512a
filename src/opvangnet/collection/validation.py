"""Checking answers: plain functions over questions, rules and values, no database.

Three levels, in words:

- **Cell errors** (a value that is not a whole number, a percentage outside 0–100, a value below a question's
  minimum or above its maximum, a choice that is not on the list, a question or breakdown code the form does
  not have, a correction of a prefilled figure without an explanation) refuse a save: nothing is written.
- **Rule errors** (a breakdown that does not add up to its total, parts that do not add up to their whole,
  placed > requests) also refuse a save, but only once every value a rule needs is there; a breakdown with
  some cells empty counts them as zero.
- **Before submission** every required question needs an answer (its total), and every **warning** needs a
  comment: a value more than three times, or less than a third of, the median of the region's approved values
  of earlier periods of the same length; or a zero where the last earlier period had at least `WARNING_FLOOR`.
  Small numbers (value and median both under `WARNING_FLOOR`) do not warn: 1 → 4 is noise, not news.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from statistics import median
from typing import Any

from django.utils.translation import gettext as _

from opvangnet.collection.models import QuestionKind, RuleKind, format_number

ERROR = "error"
WARNING = "warning"
WARNING_FLOOR = Decimal(5)
MAX_TEXT = 4000

Cell = tuple[str, str]  # (question code, breakdown code or "" for the total)


@dataclass(frozen=True)
class QuestionSpec:
    """What validation needs to know about a question (built from a `Question` or from a test table)."""

    code: str
    label: str
    kind: str
    breakdowns: tuple[str, ...] = ("",)
    required: bool = True
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choices: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, question: Any) -> QuestionSpec:
        return cls(
            code=question.code,
            label=question.label,
            kind=question.kind,
            breakdowns=tuple(question.breakdown_codes()),
            required=question.required,
            min_value=question.min_value,
            max_value=question.max_value,
            choices=tuple((str(code), str(label)) for code, label in question.choices),
        )

    @property
    def is_numeric(self) -> bool:
        return self.kind in (QuestionKind.INTEGER, QuestionKind.PERCENTAGE)


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    left: tuple[str, ...]
    right: str
    message: str = ""

    @classmethod
    def of(cls, rule: Any) -> RuleSpec:
        return cls(kind=rule.kind, left=tuple(rule.left), right=rule.right, message=rule.message)

    def questions(self) -> set[str]:
        return {*self.left, self.right}


@dataclass(frozen=True)
class ValueInput:
    """One answer as a channel received it: `value` raw (text, number or None); `comment` None = unchanged."""

    question: str
    breakdown: str = ""
    value: Any = None
    comment: str | None = None


@dataclass(frozen=True)
class Issue:
    level: str
    question: str
    breakdown: str
    message: str
    explained: bool = False  # a warning with a comment no longer blocks
    target: str = "value"  # what to change: the "value" or its "comment"

    @property
    def cell(self) -> Cell:
        return (self.question, self.breakdown)

    @property
    def blocks(self) -> bool:
        return self.level == ERROR or not self.explained


@dataclass
class CellState:
    """A cell as it stands (or would stand after a save)."""

    number: Decimal | None = None
    text: str = ""
    prefilled: Decimal | None = None
    comment: str = ""

    @property
    def answered(self) -> bool:
        return self.number is not None or bool(self.text.strip())


# --- one cell ----------------------------------------------------------------------------------------------


def _to_decimal(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "").replace("%", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # Dutch decimal comma
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_cell(question: QuestionSpec, raw: Any) -> tuple[Decimal | None, str, str | None]:
    """(number, text, error message or None). None and blank mean "no answer"."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "", None
    if question.kind == QuestionKind.TEXT:
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            return None, "", _("At most %(count)s characters.") % {"count": MAX_TEXT}
        return None, text, None
    if question.kind == QuestionKind.CHOICE:
        wanted = str(raw).strip()
        for code, label in question.choices:
            if wanted == code or wanted.casefold() == label.casefold():
                return None, code, None
        return (
            None,
            "",
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(label for _code, label in question.choices)},
        )
    number = _to_decimal(raw)
    if number is None:
        return None, "", _("Not a number: %(value)s.") % {"value": str(raw)[:40]}
    if question.kind == QuestionKind.INTEGER and number != number.to_integral_value():
        return None, "", _("Give a whole number.")
    if question.kind == QuestionKind.PERCENTAGE:
        number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if not Decimal(0) <= number <= Decimal(100):
            return None, "", _("A percentage lies between 0 and 100.")
    if question.min_value is not None and number < question.min_value:
        return None, "", _("At least %(min)s.") % {"min": format_number(question.min_value)}
    if question.max_value is not None and number > question.max_value:
        return None, "", _("At most %(max)s.") % {"max": format_number(question.max_value)}
    if abs(number) >= Decimal("1e12"):
        return None, "", _("This number is too large.")
    return number, "", None


def correction_issue(question: QuestionSpec, breakdown: str, state: CellState) -> Issue | None:
    """A changed prefilled figure needs an explanation; both values are kept."""
    corrected = state.prefilled is not None and state.number is not None and state.number != state.prefilled
    if corrected and not state.comment.strip():
        return Issue(
            ERROR,
            question.code,
            breakdown,
            _("Opvangnet counted %(prefilled)s; explain why you give %(value)s.")
            % {"prefilled": format_number(state.prefilled), "value": format_number(state.number)},
            target="comment",
        )
    return None


# --- rules between answers ---------------------------------------------------------------------------------


def _total(values: Mapping[Cell, CellState], code: str) -> Decimal | None:
    state = values.get((code, ""))
    return state.number if state is not None else None


def check_rules(
    rules: Iterable[RuleSpec], questions: Mapping[str, QuestionSpec], values: Mapping[Cell, CellState]
) -> list[Issue]:
    """Rule errors among the given values; a rule whose values are not all there yet is skipped."""
    issues = []
    for rule in rules:
        if not rule.questions() <= set(questions):
            continue
        right = questions[rule.right]
        total = _total(values, rule.right)
        if total is None:
            continue
        if rule.kind == RuleKind.BREAKDOWN_SUM:
            parts = [values.get((right.code, code)) for code in right.breakdowns if code]
            given = [part.number for part in parts if part is not None and part.number is not None]
            if not given or sum(given, Decimal(0)) == total:
                continue
            default = _("The breakdown adds up to %(sum)s, not to the total of %(total)s.")
            issues.append(_rule_issue(rule, right.code, default, sum(given, Decimal(0)), total))
            continue
        lefts = [_total(values, code) for code in rule.left]
        if any(value is None for value in lefts):
            continue
        added = sum((value for value in lefts if value is not None), Decimal(0))
        labels = ", ".join(questions[code].label for code in rule.left)
        if rule.kind == RuleKind.SUM_EQUALS and added != total:
            default = _("%(left)s add up to %(sum)s, not to %(right)s (%(total)s).")
            issues.append(_rule_issue(rule, right.code, default, added, total, labels, right.label))
        elif rule.kind == RuleKind.AT_MOST and added > total:
            default = _("%(left)s (%(sum)s) is more than %(right)s (%(total)s).")
            issues.append(_rule_issue(rule, rule.left[0], default, added, total, labels, right.label))
    return issues


def _rule_issue(
    rule: RuleSpec,
    where: str,
    default: str,
    added: Decimal,
    total: Decimal,
    left: str = "",
    right: str = "",
) -> Issue:
    numbers = {"sum": format_number(added), "total": format_number(total), "left": left, "right": right}
    message = f"{rule.message} ({numbers['sum']} / {numbers['total']})" if rule.message else default % numbers
    return Issue(ERROR, where, "", message)


# --- before submission -------------------------------------------------------------------------------------


def check_required(questions: Iterable[QuestionSpec], values: Mapping[Cell, CellState]) -> list[Issue]:
    return [
        Issue(ERROR, question.code, "", _("This question needs an answer."))
        for question in questions
        if question.required and not (values.get((question.code, "")) or CellState()).answered
    ]


def check_warnings(
    questions: Iterable[QuestionSpec],
    values: Mapping[Cell, CellState],
    history: Mapping[Cell, list[Decimal]],
) -> list[Issue]:
    """Values far from the region's earlier periods (oldest first in `history`), or a sudden zero."""
    issues = []
    for question in questions:
        if not question.is_numeric:
            continue
        for breakdown in question.breakdowns:
            state = values.get((question.code, breakdown))
            earlier = history.get((question.code, breakdown), [])
            if state is None or state.number is None or not earlier:
                continue
            message = _far_from_earlier(state.number, earlier)
            if message:
                explained = bool(state.comment.strip())
                issues.append(Issue(WARNING, question.code, breakdown, message, explained, "comment"))
    return issues


def _far_from_earlier(value: Decimal, earlier: list[Decimal]) -> str | None:
    middle = Decimal(str(median(earlier)))
    if value == 0 and earlier[-1] >= WARNING_FLOOR:
        return _("Zero, where the previous period had %(previous)s: explain it in the comment.") % {
            "previous": format_number(earlier[-1])
        }
    if middle <= 0 or max(value, middle) < WARNING_FLOOR:
        return None
    numbers = {"value": format_number(value), "median": format_number(middle.quantize(Decimal("0.01")))}
    if value > 3 * middle:
        return (
            _(
                "%(value)s is more than three times the median of this region's earlier periods "
                "(%(median)s): explain it in the comment."
            )
            % numbers
        )
    if value * 3 < middle:
        return (
            _(
                "%(value)s is less than a third of the median of this region's earlier periods "
                "(%(median)s): explain it in the comment."
            )
            % numbers
        )
    return None
