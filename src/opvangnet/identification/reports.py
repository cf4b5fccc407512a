"""Statistics and small-cell suppression for the identification reports. Pure: plain numbers in and out.

Suppression rule, for roles that see aggregates only:

- primary: a count of 1 to 4 is shown as "<5" (a zero discloses nobody and stays visible);
- secondary: every line of a table (a row with its row total, a column with its column total) must hide
  either none or at least two of its numbers, so a hidden count can never be worked out by subtraction; when
  a line hides just one, its smallest other non-zero number is hidden too (shown as "x"), and this repeats
  until every line is safe;
- a median or 90th percentile is shown only when it rests on at least five cases, and a rate only when both
  the counted and the not-counted parts are at least five.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
PRIMARY = "<5"
SECONDARY = "x"


@dataclass(frozen=True)
class Cell:
    value: int
    text: str

    @property
    def hidden(self) -> bool:
        return self.text in (PRIMARY, SECONDARY)


@dataclass(frozen=True)
class Grid:
    """Counts with their margins: `cells[r][c]`, `row_totals[r]`, `column_totals[c]`, `total`."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def suppress(counts: Sequence[Sequence[int]], *, hide: bool, row_totals: bool = True) -> Grid:
    """Turn a table of counts into cells, hiding small ones when `hide`. Without `row_totals` the rows are
    not summed (each column is a measure of its own), so only columns are lines."""
    rows, columns = len(counts), len(counts[0]) if counts else 0
    full = [[*row, sum(row)] for row in counts]
    full.append([sum(counts[r][c] for r in range(rows)) for c in range(columns)] + [sum(map(sum, counts))])
    kind: dict[tuple[int, int], str] = {}
    if hide:
        for r in range(rows + 1):
            for c in range(columns + 1):
                if 0 < full[r][c] < THRESHOLD:
                    kind[(r, c)] = PRIMARY
        lines = [[(r, c) for r in range(rows + 1)] for c in range(columns + 1 if row_totals else columns)]
        if row_totals:
            lines += [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
        changed = True
        while changed:
            changed = False
            for line in lines:
                if sum(1 for spot in line if spot in kind) != 1:
                    continue
                open_spots = [spot for spot in line if spot not in kind]
                non_zero = [spot for spot in open_spots if full[spot[0]][spot[1]] > 0] or open_spots
                if non_zero:
                    pick = min(non_zero, key=lambda spot: (full[spot[0]][spot[1]], spot))
                    kind[pick] = SECONDARY
                    changed = True

    def cell(r: int, c: int) -> Cell:
        return Cell(full[r][c], kind.get((r, c), str(full[r][c])))

    return Grid(
        cells=[[cell(r, c) for c in range(columns)] for r in range(rows)],
        row_totals=[cell(r, columns) for r in range(rows)],
        column_totals=[cell(rows, c) for c in range(columns)],
        total=cell(rows, columns),
    )


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


def show_statistic(n: int, *, hide: bool) -> bool:
    return not hide or n >= THRESHOLD


def show_rate(part: int, whole: int, *, hide: bool) -> bool:
    if whole == 0:
        return False
    return not hide or (part >= THRESHOLD and whole - part >= THRESHOLD)
