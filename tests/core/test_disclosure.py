"""Small-cell suppression: no hidden cell can be worked out from what is published, checked independently.

The check here does not reuse the module's linear programmes: it asks OR-Tools' CP-SAT, over whole numbers,
for the smallest and largest value of every hidden cell given every shown cell and every relation.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from opvangnet.core import disclosure
from opvangnet.core.disclosure import Cell

BIG = 10_000


def integer_range(
    cells: Mapping[Any, Cell], relations: Sequence[tuple[Hashable, Sequence[Hashable]]], key: Hashable
) -> tuple[int, int]:
    """The smallest and largest whole value of `cells[key]` that agrees with everything published."""
    bounds = []
    for maximise in (False, True):
        model = cp_model.CpModel()
        variables: dict[Hashable, Any] = {}
        for name, cell in cells.items():
            if not cell.hidden:
                variables[name] = cell.value
            elif cell.text == "<5":
                variables[name] = model.new_int_var(1, 4, str(name))
            else:
                variables[name] = model.new_int_var(0, BIG, str(name))
        for total, parts in relations:
            model.add(sum(variables[part] for part in parts) == variables[total])
        if maximise:
            model.maximize(variables[key])
        else:
            model.minimize(variables[key])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.Solve(model) == cp_model.OPTIMAL
        bounds.append(int(solver.Value(variables[key])))
    return bounds[0], bounds[1]


def assert_nothing_disclosed(cells: Mapping[Any, Cell], relations: list) -> None:
    for key, cell in cells.items():
        if cell.hidden:
            low, high = integer_range(cells, relations, key)
            assert low < high, f"hidden cell {key!r} can only be {low}"


def two_way(counts: list[list[int]], groups: list[int] | None = None) -> tuple[dict, list]:
    """Cells and relations of a rows × columns table with margins, rows optionally grouped (a hierarchy)."""
    rows, columns = len(counts), len(counts[0])
    values: dict[Hashable, int] = {}
    relations: list = []
    for r in range(rows):
        for c in range(columns):
            values[(r, c)] = counts[r][c]
        values[(r, "*")] = sum(counts[r])
        relations.append(((r, "*"), [(r, c) for c in range(columns)]))
    for c in [*range(columns), "*"]:
        values[("N", c)] = sum(values[(r, c)] for r in range(rows))
        relations.append((("N", c), [(r, c) for r in range(rows)]))
        for group in set(groups or []):
            members = [r for r in range(rows) if groups and groups[r] == group]
            values[(f"G{group}", c)] = sum(values[(r, c)] for r in members)
            relations.append(((f"G{group}", c), [(r, c) for r in members]))
            relations.append((("N", c), [(f"G{g}", c) for g in sorted(set(groups or []))]))
    relations.append((("N", "*"), [("N", c) for c in range(columns)]))
    return values, relations


small_counts = st.integers(0, 14).map(lambda n: n if n < 9 else n * 2 - 9)
tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(small_counts, min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(tables)
def test_no_hidden_cell_of_a_two_way_table_can_be_worked_out(counts: list[list[int]]) -> None:
    values, relations = two_way(counts)
    cells = disclosure.protect(values, relations, limit=5)
    assert_nothing_disclosed(cells, relations)
    for key, value in values.items():
        assert cells[key].value == value
        if 0 < value < 5:
            assert cells[key].text in ("<5", "x")
        if not cells[key].hidden:
            assert cells[key].text == str(value)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(tables.filter(lambda counts: len(counts) >= 2), st.randoms(use_true_random=False))
def test_no_hidden_cell_can_be_worked_out_through_a_hierarchy_of_rows(counts: list[list[int]], rng) -> None:
    groups = [rng.randrange(2) for _ in counts]
    values, relations = two_way(counts, groups)
    cells = disclosure.protect(values, relations, limit=5)
    assert_nothing_disclosed(cells, relations)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 1)), min_size=0, max_size=40))
def test_tables_published_side_by_side_share_their_margins(records: list[tuple[int, int, int]]) -> None:
    """Region × care type and region × gender of the same people, with the region totals under one key."""
    values: dict[Hashable, int] = {}
    relations: list = []
    for dimension, codes in (("care", range(3)), ("gender", range(2))):
        position = 1 if dimension == "care" else 2
        for region in [*range(4), "N"]:
            for code in codes:
                values[(region, dimension, code)] = sum(
                    1 for record in records if record[position] == code and region in ("N", record[0])
                )
            relations.append(((region, "*"), [(region, dimension, code) for code in codes]))
        for code in codes:
            relations.append((("N", dimension, code), [(region, dimension, code) for region in range(4)]))
    for region in [*range(4), "N"]:
        values[(region, "*")] = sum(1 for record in records if region in ("N", record[0]))
    relations.append((("N", "*"), [(region, "*") for region in range(4)]))
    cells = disclosure.protect(values, relations, limit=5)
    assert_nothing_disclosed(cells, relations)


def test_a_single_small_cell_takes_a_second_one_with_it() -> None:
    grid = disclosure.suppress_grid([[2, 9, 12]], hide=True, row_totals=True)
    assert [cell.text for cell in grid.cells[0]] == ["<5", "x", "12"]
    assert grid.total.text == "23"


def test_zeros_stay_visible_and_exact_roles_see_everything() -> None:
    grid = disclosure.suppress_grid([[0, 7], [3, 8]], hide=False)
    assert [[cell.text for cell in row] for row in grid.cells] == [["0", "7"], ["3", "8"]]
    hidden = disclosure.suppress_grid([[0, 7], [3, 8]], hide=True)
    assert hidden.cells[0][0].text == "0"


def test_four_ones_under_a_small_total_are_not_given_away_by_their_bounds() -> None:
    values = {"total": 4, "a": 1, "b": 1, "c": 1, "d": 1}
    relations = [("total", ["a", "b", "c", "d"])]
    cells = disclosure.protect(values, relations, limit=5)
    assert_nothing_disclosed(cells, relations)


def test_the_threshold_is_a_setting(settings) -> None:
    settings.SUPPRESSION_THRESHOLD = 10
    cells, total = disclosure.suppress_counts({"a": 7, "b": 30, "c": 12}, hide=True)
    assert cells["a"].text == "<10"
    assert cells["c"].text == "x"
    assert total.text == "49"


def test_statistics_need_five_values() -> None:
    assert disclosure.show_statistic(4, hide=True, limit=5) is False
    assert disclosure.show_statistic(4, hide=False, limit=5) is True
    assert disclosure.show_rate(5, 9, hide=True, limit=5) is False
    assert disclosure.show_rate(5, 10, hide=True, limit=5) is True
    assert disclosure.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
