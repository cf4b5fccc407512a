"""Small-cell suppression for every aggregate that Opvangnet publishes to roles that may see aggregates only.

The rule, in words:

- **Primary**: a count from 1 to T−1 (T is the threshold, `OPVANGNET_SUPPRESSION_THRESHOLD`, default 5) is
  shown as "<T" ("<5"). A zero discloses nobody and stays visible.
- **Secondary**: no hidden count may be worked out from what is published. A table is described as cells
  and *relations* "this cell is the sum of those cells" (rows and their totals, columns and their totals, a
  region hierarchy, several tables sharing their margins). A reader knows every shown number exactly, knows
  that a "<T" cell lies between 1 and T−1 and that an "x" cell is some whole number ≥ 0. A hidden cell is
  *disclosed* when those facts leave it one possible value. `protect` hides further cells ("x") until no
  hidden cell is disclosed; `audit` checks that by linear programming (the smallest and the largest value
  each hidden cell can take under all the relations at once), so the guarantee covers chains of relations,
  not just single lines.
- **Statistics**: a median or percentile is shown only when it rests on at least T values; a rate only when
  its counted and not-counted parts are both at least T.

Which relations a caller must pass is the caller's promise: everything that is published side by side for
the same period and that adds up must be in one call, with each shared cell under one key (so a region's
total has one status wherever it appears). `docs/decisions.md` says how the national picture does that.

Pure: plain numbers in, plain cells out; OR-Tools' GLOP solves the linear programmes.
"""

from __future__ import annotations

import functools
import math
import random
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_THRESHOLD = 5
SECONDARY = "x"
_EPS = 1e-6


def threshold() -> int:
    """The suppression threshold from the settings (`SUPPRESSION_THRESHOLD`), or 5 outside Django."""
    try:
        from django.conf import settings

        return int(getattr(settings, "SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))
    except Exception:  # settings not configured: a pure caller, e.g. a property test
        return DEFAULT_THRESHOLD


def primary_text(limit: int | None = None) -> str:
    return f"<{limit or threshold()}"


@dataclass(frozen=True)
class Cell:
    """A published number: its exact value (never shown when hidden) and the text to show."""

    value: int
    text: str

    @property
    def hidden(self) -> bool:
        return not self.text.lstrip("-").isdigit()

    @property
    def shown(self) -> int | str:
        """The value for JSON and spreadsheets: the number itself, or "<5" / "x"."""
        return self.text if self.hidden else self.value

    def __str__(self) -> str:
        return self.text


Relation = tuple[K, Sequence[K]]


# --- the rule -----------------------------------------------------------------------------------------------


def protect(
    values: Mapping[K, int],
    relations: Sequence[tuple[K, Sequence[K]]],
    *,
    hide: bool = True,
    limit: int | None = None,
) -> dict[K, Cell]:
    """Every cell of `values` as it may be shown: exact when `hide` is false, else suppressed (see above).

    `relations` are (total, parts) pairs with values[total] == sum(values[part] for part in parts); a
    relation that does not add up raises ValueError, since the audit would then be meaningless.
    Cost: linear programmes over the groups of hidden cells that share a relation; the answer is kept for the
    same numbers, relations and threshold (it depends on nothing else), so a page shown again costs a lookup.
    """
    if not hide:
        return {key: Cell(value, str(value)) for key, value in values.items()}
    limit = limit or threshold()
    try:
        frozen = (limit, tuple(values.items()), tuple((total, tuple(parts)) for total, parts in relations))
        hash(frozen)
    except TypeError:  # unhashable keys: no cache
        return _protect(values, relations, limit)
    return dict(_protect_cached(frozen))


@functools.lru_cache(maxsize=256)
def _protect_cached(
    frozen: tuple[int, tuple[tuple[Any, int], ...], tuple[tuple[Any, tuple[Any, ...]], ...]],
) -> dict[Any, Cell]:
    limit, items, relations = frozen
    return _protect(dict(items), relations, limit)


def _protect(
    values: Mapping[K, int], relations: Sequence[tuple[K, Sequence[K]]], limit: int
) -> dict[K, Cell]:
    for total, parts in relations:
        if values[total] != sum(values[part] for part in parts):
            raise ValueError(f"cell {total!r} is not the sum of its parts")
    small = primary_text(limit)
    text: dict[K, str] = {key: small if 0 < value < limit else str(value) for key, value in values.items()}
    by_cell: dict[K, list[int]] = {}
    for index, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            by_cell.setdefault(key, []).append(index)
    totals = {total for total, _parts in relations}

    def hidden(key: K) -> bool:
        return text[key] == small or text[key] == SECONDARY

    def members(index: int) -> list[K]:
        return [relations[index][0], *relations[index][1]]

    def pick(candidates: set[K]) -> bool:
        """Hide the smallest non-zero shown candidate (parts before totals); False when there is none."""
        shown = {key for key in candidates if not hidden(key)}
        if not shown:
            return False
        choice = min(shown, key=lambda c: (values[c] == 0, c in totals, values[c], repr(c)))
        text[choice] = SECONDARY
        return True

    memo: dict[Any, dict[Any, tuple[float, float]]] = {}  # groups of hidden cells already solved
    for _round in range(len(values) + 1):
        # Cheap pass first: a relation with exactly one hidden cell gives it away by subtraction.
        changed = True
        while changed:
            changed = False
            for index in range(len(relations)):
                if sum(1 for key in members(index) if hidden(key)) == 1:
                    changed = pick(set(members(index))) or changed
        cells = {key: Cell(values[key], text[key]) for key in values}
        disclosed = audit(cells, relations, limit=limit, memo=memo)
        if not disclosed:
            return cells
        before = dict(text)
        for key in disclosed:
            if not hidden(key):
                continue  # already fixed by an earlier pick in this round
            near = {other for index in by_cell.get(key, []) for other in members(index)}
            if pick(near):
                continue
            # Every neighbour is hidden: the "<T" bounds give it away (several 1s under a small total), or
            # a longer chain does. Drop the bounds around it ("x"), else hide one cell a step further out.
            relabelled = [other for other in near if text[other] == small]
            for other in relabelled:
                text[other] = SECONDARY
            if not relabelled:
                pick({far for other in near for index in by_cell.get(other, []) for far in members(index)})
        if text == before:
            # Nothing near helps: drop every "<T" bound, and if that was done already, hide every non-zero
            # cell (which discloses nothing: only the zeros are left to reason from).
            escalated = {key: SECONDARY if value == small else value for key, value in text.items()}
            if escalated == text:
                escalated = {key: SECONDARY if values[key] else value for key, value in text.items()}
            text.update(escalated)
    raise RuntimeError("suppression did not converge")  # unreachable: every round changes at least one cell


# --- the check ----------------------------------------------------------------------------------------------


def _bounds(cell: Cell, limit: int, ceiling: float) -> tuple[float, float]:
    if cell.text == primary_text(limit):
        return 1.0, float(limit - 1)
    return 0.0, ceiling


def ranges(
    cells: Mapping[K, Cell],
    relations: Sequence[tuple[K, Sequence[K]]],
    *,
    limit: int | None = None,
    memo: dict[Any, dict[Any, tuple[float, float]]] | None = None,
) -> dict[K, tuple[float, float]]:
    """For every hidden cell, the smallest and largest value that the shown cells and the relations allow
    (linear programming; math.inf when unbounded). Shown cells are left out.

    Hidden cells that share no relation, directly or through other hidden cells, cannot constrain each other
    (the shown cells are fixed numbers), so each group of connected hidden cells is its own small programme;
    `memo` keeps the answers of groups across calls with the same values (`protect`'s rounds)."""
    limit = limit or threshold()
    hidden = {key for key, cell in cells.items() if cell.hidden}
    parent = {key: key for key in hidden}

    def find(key: K) -> K:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    touching: list[tuple[int, list[K]]] = []
    for index, (total, parts) in enumerate(relations):
        members = [key for key in (total, *parts) if key in hidden]
        if members:
            touching.append((index, members))
            for other in members[1:]:
                parent[find(other)] = find(members[0])
    groups: dict[K, list[K]] = {}
    for key in cells:
        if key in hidden:
            groups.setdefault(find(key), []).append(key)
    group_relations: dict[K, list[int]] = {}
    for index, members in touching:
        group_relations.setdefault(find(members[0]), []).append(index)
    result: dict[K, tuple[float, float]] = {}
    for root, keys in groups.items():
        indices = group_relations.get(root, [])
        memo_key = (tuple((key, cells[key].text) for key in keys), tuple(indices), limit)
        if memo is not None and memo_key in memo:
            result.update(memo[memo_key])
            continue
        found = _group_ranges(cells, [relations[i] for i in indices], keys, limit)
        if memo is not None:
            memo[memo_key] = found
        result.update(found)
    return {key: result[key] for key in cells if key in result}


def _group_ranges(
    cells: Mapping[K, Cell], relations: Sequence[tuple[K, Sequence[K]]], hidden_keys: list[K], limit: int
) -> dict[K, tuple[float, float]]:
    """`ranges` for one group of connected hidden cells and the relations that touch it."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    # "x" has no upper bound to a reader; a finite stand-in far above every real value keeps the programmes
    # bounded (GLOP misreports some unbounded re-solves), and a range that reaches it is wide open anyway.
    ceiling = 10.0 * (sum(cell.value for cell in cells.values()) + 100)
    variables = {}
    for key in hidden_keys:
        low, high = _bounds(cells[key], limit, ceiling)
        variables[key] = solver.NumVar(low, high, "")
    for total, parts in relations:
        members = [(total, -1.0), *((part, 1.0) for part in parts)]
        constant = -sum(sign * cells[key].value for key, sign in members if not cells[key].hidden)
        terms = [(variables[key], sign) for key, sign in members if cells[key].hidden]
        if not terms:
            continue
        constraint = solver.Constraint(constant, constant)
        for variable, sign in terms:
            constraint.SetCoefficient(variable, constraint.GetCoefficient(variable) + sign)
    objective = solver.Objective()
    found: dict[K, list[float]] = {key: [float(cells[key].value)] * 2 for key in hidden_keys}

    def solve(weights: Mapping[K, float], maximise: bool) -> dict[K, float] | None:
        objective.Clear()
        for key, weight in weights.items():
            objective.SetCoefficient(variables[key], weight)
        objective.SetMaximization() if maximise else objective.SetMinimization()
        status = solver.Solve()
        if status == pywraplp.Solver.UNBOUNDED:
            return None
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError("the published cells are inconsistent")
        return {key: variables[key].solution_value() for key in hidden_keys}

    def widen(solution: dict[K, float] | None) -> None:
        for key, value in (solution or {}).items():
            found[key][0] = min(found[key][0], value)
            found[key][1] = max(found[key][1], value)

    def open_keys() -> list[K]:
        return [key for key in hidden_keys if found[key][1] - found[key][0] < 1 - _EPS]

    # Push all undecided cells up together, then down together, and again with those still undecided: each
    # programme settles many cells at once. The few left get a programme of their own.
    rng = random.Random(len(hidden_keys))  # noqa: S311 - weights for a search, nothing secret
    for _ in range(6):
        remaining = open_keys()
        if not remaining:
            break
        weights = {key: 1.0 + rng.random() for key in remaining}
        widen(solve(weights, True))
        widen(solve(weights, False))
        if len(open_keys()) == len(remaining):
            break
    result: dict[K, tuple[float, float]] = {}
    for key in hidden_keys:
        low, high = found[key]
        if high - low < 1 - _EPS:
            top = solve({key: 1.0}, True)
            high = math.inf if top is None else top[key]
            widen(top)
            if high - low < 1 - _EPS:
                bottom = solve({key: 1.0}, False)
                low = -math.inf if bottom is None else bottom[key]
                widen(bottom)
        result[key] = (low, high)
    return result


def audit(
    cells: Mapping[K, Cell],
    relations: Sequence[tuple[K, Sequence[K]]],
    *,
    limit: int | None = None,
    memo: dict[Any, dict[Any, tuple[float, float]]] | None = None,
) -> list[K]:
    """The hidden cells that can be worked out (a single whole number fits), in the order of `cells`."""
    return [
        key
        for key, (low, high) in ranges(cells, relations, limit=limit, memo=memo).items()
        if math.floor(high + _EPS) <= math.ceil(low - _EPS)
    ]


# --- tables -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A two-way table with its margins: `cells[r][c]`, `row_totals[r]`, `column_totals[c]`, `total`."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def suppress_grid(
    counts: Sequence[Sequence[int]], *, hide: bool, row_totals: bool = True, limit: int | None = None
) -> Grid:
    """A table of counts (rows × columns) with row totals, column totals and a grand total.

    Without `row_totals` the columns are separate measures that are not added up across (the row totals
    are then computed but neither published nor used as relations).
    """
    rows, columns = len(counts), len(counts[0]) if counts else 0
    values: dict[tuple[int, int], int] = {}
    for r in range(rows):
        for c in range(columns):
            values[(r, c)] = int(counts[r][c])
    for c in range(columns):
        values[(rows, c)] = sum(values[(r, c)] for r in range(rows))
    relations: list[tuple[tuple[int, int], list[tuple[int, int]]]] = [
        ((rows, c), [(r, c) for r in range(rows)]) for c in range(columns)
    ]
    if row_totals:
        for r in range(rows + 1):
            values[(r, columns)] = sum(values[(r, c)] for c in range(columns))
            relations.append(((r, columns), [(r, c) for c in range(columns)]))
        relations.append(((rows, columns), [(r, columns) for r in range(rows)]))
    cells = protect(values, relations, hide=hide, limit=limit)
    if not row_totals:
        for r in range(rows + 1):
            value = sum(values[(r, c)] for c in range(columns))
            small = hide and 0 < value < (limit or threshold())
            cells[(r, columns)] = Cell(value, primary_text(limit) if small else str(value))
    return Grid(
        cells=[[cells[(r, c)] for c in range(columns)] for r in range(rows)],
        row_totals=[cells[(r, columns)] for r in range(rows)],
        column_totals=[cells[(rows, c)] for c in range(columns)],
        total=cells[(rows, columns)],
    )


def suppress_counts(
    counts: Mapping[K, int], *, hide: bool, limit: int | None = None
) -> tuple[dict[K, Cell], Cell]:
    """A list of counts with their total (a one-way table): the cells and the total as they may be shown."""
    total_key = _TOTAL
    values: dict[object, int] = dict(counts.items())
    values[total_key] = sum(counts.values())
    cells = protect(values, [(total_key, list(counts))], hide=hide, limit=limit)
    return {key: cells[key] for key in counts}, cells[total_key]


_TOTAL = ("<total>",)  # the total's key in a one-way table: the same every call, so the cache recognises it


# --- statistics ---------------------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


def show_statistic(n: int, *, hide: bool, limit: int | None = None) -> bool:
    """Whether a median or percentile over `n` values may be shown."""
    return not hide or n >= (limit or threshold())


def show_rate(part: int, whole: int, *, hide: bool, limit: int | None = None) -> bool:
    """Whether part/whole may be shown: both the part and the rest at least T for aggregate roles."""
    if whole == 0:
        return False
    limit = limit or threshold()
    return not hide or (part >= limit and whole - part >= limit)
