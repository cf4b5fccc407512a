"""Reconciliation: figures from approved data-collection rounds beside the registry's own, differences
flagged.

`compare` is pure: it takes the rounds' rows as `collection.queries.approved_figures(...)` gives them (region
code, question code, breakdown dimension and code or None, value, prefilled value, round id, approved at) and
the registry's value for each (region, question, breakdown) and says where they differ;
`rounds_beside_registry` feeds it the approved rounds of a period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from opvangnet.core.periods import Period

Key = tuple[str, str, str | None, str | None]  # region, question, dimension, code


@dataclass(frozen=True)
class Comparison:
    region: str
    question: str
    dimension: str | None
    code: str | None
    reported: float | None  # what the approved round says
    prefilled: float | None  # what the form was prefilled with from the registry
    registry: float | None  # what the registry says now
    round_id: Any
    approved_at: dt.datetime | None
    difference: float | None
    flagged: bool


def _get(row: Any, name: str, index: int) -> Any:
    if isinstance(row, Mapping):
        return row.get(name)
    return row[index] if len(row) > index else None


def compare(
    rows: Iterable[Any],
    registry: Mapping[Key, float | None] | Callable[[Key], float | None],
    *,
    relative: float = 0.1,
    absolute: float = 2,
) -> list[Comparison]:
    """Each approved figure beside the registry's; flagged when they differ by more than `absolute` and more
    than `relative` of the larger (small counts differ by chance; large ones should agree in proportion), or
    when one side is missing. Rows are dicts with the field names below, or tuples in that order."""
    look = registry if callable(registry) else registry.get
    result = []
    for row in rows:
        key: Key = (
            _get(row, "region", 0),
            _get(row, "question", 1),
            _get(row, "dimension", 2),
            _get(row, "code", 3),
        )
        reported, prefilled = _get(row, "value", 4), _get(row, "prefilled", 5)
        ours = look(key)
        if reported is None or ours is None:
            difference, flagged = None, reported != ours
        else:
            difference = float(reported) - float(ours)
            larger = max(abs(float(reported)), abs(float(ours)))
            flagged = abs(difference) > absolute and abs(difference) > relative * larger
        result.append(
            Comparison(
                *key,
                reported=reported,
                prefilled=prefilled,
                registry=ours,
                round_id=_get(row, "round", 6),
                approved_at=_get(row, "approved_at", 7),
                difference=difference,
                flagged=flagged,
            )
        )
    return result


def rounds_beside_registry(period: Period, regions: list[str] | None) -> list[Comparison]:
    """Every prefilled figure of the approved region forms whose round lies within the period, beside the
    registry's count for the same cell (as Opvangnet counted it when the form was prefilled, stored with
    the answer), differences flagged. Questions Opvangnet does not count (free text, what a region misses)
    are left out: there is nothing to compare them with. One query (`collection.queries.approved_figures`)."""
    from opvangnet.collection.queries import approved_figures

    first, last = period.start, period.end - dt.timedelta(days=1)  # the period's end is exclusive
    figures = [
        figure
        for figure in approved_figures(first, last, regions)
        if figure.prefilled_value is not None and not isinstance(figure.value, str)
    ]
    registry: dict[Key, float | None] = {
        (f.region_code, f.question_code, f.dimension, f.breakdown): float(f.prefilled_value or 0)
        for f in figures
    }
    rows = [
        {
            "region": f.region_code,
            "question": f.question_code,
            "dimension": f.dimension,
            "code": f.breakdown,
            "value": f.value,
            "prefilled": f.prefilled_value,
            "round": f.round_id,
            "approved_at": f.approved_at,
        }
        for f in figures
    ]
    return compare(rows, registry)
