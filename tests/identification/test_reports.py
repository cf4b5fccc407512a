"""The identification figures equal a hand count on a fixed fixture, counted in the database for the chosen
period; small cells are suppressed for policy makers, with secondary suppression so a hidden count cannot be
derived from the totals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from opvangnet.core.disclosure import percentile
from opvangnet.core.disclosure import suppress_grid as suppress
from opvangnet.identification import services
from opvangnet.identification.fields import count_decryptions
from opvangnet.identification.models import Adjournment, Application, Case, Hearing, Opinion, Reassessment
from opvangnet.identification.queries import identification_report
from tests.identification.builders import at, conclude, make_application, make_case, seats
from tests.identification.conftest import Team
from tests.personas import Cast

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def received(case: Case | Application, when: str) -> None:
    pk = case.application_id if isinstance(case, Case) else case.pk
    Application.objects.filter(pk=pk).update(received_at=at(when))


def dated(opinion: Opinion | None, when: str) -> None:
    assert opinion is not None
    Opinion.objects.filter(pk=opinion.pk).update(issued_at=at(when))


def held(case: Case, when: str) -> None:
    Hearing.objects.filter(case=case).update(held_at=at(when))


@pytest.fixture
def fixture_2025(cast: Cast, team: Team) -> None:
    """Six applications; the comments are the hand count."""
    members = (team.ada, team.olga, team.tess)
    # 1. police, received Jan 6, heard Jan 20, opinion plausible Feb 10 (35 days)
    c1 = make_case(cast.nina, cast.rick, *members)
    conclude(c1, cast.nina, *members)
    received(c1, "2025-01-06 10:00")
    held(c1, "2025-01-20 10:00")
    dated(c1.latest_opinion("final"), "2025-02-10 10:00")
    # 2. police, received Feb 3, heard Feb 17, adjourned Feb 18, draft Mar 10 with a response, opinion not
    #    plausible Mar 20 (45 days); reassessment Apr 1, heard again Apr 15, new opinion plausible May 1
    c2 = make_case(
        cast.nina, cast.rick, *members, representatives=[services.RepresentativeInput("lawyer", "Mr. X")]
    )
    adjournment = services.adjourn(cast.nina, c2, source="person", requested_from="", information="Meer info")
    services.record_information_received(cast.nina, adjournment, note="Ontvangen", resume_to="investigation")
    final = conclude(c2, cast.nina, *members, outcome="not_plausible")
    received(c2, "2025-02-03 10:00")
    held(c2, "2025-02-17 10:00")
    Adjournment.objects.filter(case=c2).update(requested_at=at("2025-02-18 10:00"))
    dated(final.draft, "2025-03-10 10:00")
    dated(final, "2025-03-20 10:00")
    request = services.request_reassessment(
        cast.nina, c2, requested_by_kind="lawyer", grounds="Nieuwe feiten"
    )
    Reassessment.objects.filter(pk=request.pk).update(requested_at=at("2025-04-01 10:00"))
    services.form_reassessment_committee(cast.nina, c2, seats(team.sam, team.uma, team.vic))
    new = conclude(c2, cast.nina, team.sam, team.uma, team.vic)
    Hearing.objects.filter(case=c2, committee=new.committee).update(held_at=at("2025-04-15 10:00"))
    dated(new, "2025-05-01 10:00")
    # 3. care coordinator, received Apr 1, heard Apr 10, opinion plausible Apr 21 (20 days)
    c3 = make_case(cast.nina, cast.alice, *members)
    conclude(c3, cast.nina, *members)
    received(c3, "2025-04-01 10:00")
    held(c3, "2025-04-10 10:00")
    dated(c3.latest_opinion("final"), "2025-04-21 10:00")
    # 4. care coordinator, received May 5, hearing planned, no opinion
    c4 = make_case(cast.nina, cast.alice, *members)
    services.plan_hearing(
        cast.nina, c4, planned_for=at("2099-01-01 10:00"), place="Utrecht", interpreter=None
    )
    received(c4, "2025-05-05 10:00")
    # 5. provider, received Aug 1, no committee
    received(make_application(cast.carol), "2025-08-01 10:00")
    # 6. care coordinator, received Dec 30 2024 (counts in 2024), heard Jan 5, opinion Jan 9 2025 (10 days)
    c6 = make_case(cast.nina, cast.alice, *members)
    conclude(c6, cast.nina, *members)
    received(c6, "2024-12-30 10:00")
    held(c6, "2025-01-05 10:00")
    dated(c6.latest_opinion("final"), "2025-01-09 10:00")


def texts(row: list) -> list[str]:
    return [cell.text for cell in row]


def values(grid) -> list[list[int]]:
    return [[cell.value for cell in row] for row in grid.cells]


@pytest.mark.django_db
def test_the_figures_equal_the_hand_count(fixture_2025: None) -> None:
    report = identification_report(*YEAR, hide_small_cells=False)
    # rows: police/KMar/NLA, others; columns: applications, hearings held, adjournments, opinions given
    assert values(report.activity.grid) == [[2, 3, 1, 3], [3, 2, 0, 2]]
    # columns: plausible, not plausible
    assert values(report.outcomes.grid) == [[2, 1], [2, 0]]
    assert values(report.drafts.grid) == [[1, 1, 0]]
    assert values(report.reassessments.grid) == [[1, 1, 1]]
    assert report.reversal_rate == 1.0
    assert (report.timing.count, report.timing.median, report.timing.p90) == (4, 27.5, 45.0)
    previous = identification_report(dt.date(2024, 1, 1), dt.date(2024, 12, 31), hide_small_cells=False)
    assert values(previous.activity.grid) == [[0, 0, 0, 0], [1, 0, 0, 0]]
    spring = identification_report(dt.date(2025, 4, 1), dt.date(2025, 4, 30), hide_small_cells=False)
    assert values(spring.activity.grid) == [[0, 1, 0, 0], [1, 1, 0, 1]]


@pytest.mark.django_db
def test_the_figures_are_counted_in_the_database_without_decrypting(fixture_2025: None) -> None:
    with count_decryptions() as decrypted, CaptureQueriesContext(connection) as queries:
        identification_report(*YEAR, hide_small_cells=True)
    assert decrypted.value == 0
    assert len(queries) <= 8


@pytest.mark.django_db
def test_a_reassessment_keeps_both_opinions_in_the_history(fixture_2025: None) -> None:
    request = Reassessment.objects.get()
    assert request.opinion.outcome == "not_plausible"
    assert request.new_opinion is not None
    assert request.new_opinion.outcome == "plausible"
    finals = request.case.opinions.filter(kind="final").order_by("issued_at")
    assert list(finals.values_list("outcome", flat=True)) == ["not_plausible", "plausible"]


@pytest.mark.django_db
def test_the_policy_maker_version_hides_small_cells_and_what_they_would_reveal(fixture_2025: None) -> None:
    report = identification_report(*YEAR, hide_small_cells=True)
    assert [texts(row) for row in report.activity.grid.cells] == [
        ["<5", "<5", "<5", "<5"],
        ["<5", "<5", "0", "<5"],
    ]
    assert texts(report.activity.grid.column_totals) == ["5", "5", "<5", "5"]
    assert (report.timing.median, report.timing.p90) == (None, None)  # four cases: hidden
    assert report.reversal_rate is None


def test_secondary_suppression_protects_a_small_cell_from_subtraction() -> None:
    """The identification figures use the project's one disclosure rule (core/disclosure.py)."""
    grid = suppress([[3, 10, 12], [8, 9, 20]], hide=True)
    assert grid.cells[0][0].text == "<5"
    assert sum(cell.hidden for cell in grid.cells[0]) >= 2  # the row cannot give the small cell away
    assert sum(row[0].hidden for row in grid.cells) >= 2  # nor can the column
    assert grid.total.text == "62"


def test_nothing_is_hidden_for_roles_that_see_everything() -> None:
    grid = suppress([[3, 10], [1, 0]], hide=False)
    assert [texts(row) for row in grid.cells] == [["3", "10"], ["1", "0"]]


def test_the_90th_percentile_is_the_nearest_rank() -> None:
    assert percentile([2, 3, 4, 6, 7, 10], 0.9) == 10
    assert percentile(list(range(1, 21)), 0.9) == 18
    assert percentile([], 0.9) is None


tables = st.lists(
    st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3), min_size=1, max_size=5
)


@seed(5)
@settings(max_examples=200, deadline=None)
@given(counts=tables)
def test_no_line_of_a_suppressed_table_hides_exactly_one_number(counts: list[list[int]]) -> None:
    grid = suppress(counts, hide=True)
    rows = [[*cells, total] for cells, total in zip(grid.cells, grid.row_totals, strict=True)]
    rows.append([*grid.column_totals, grid.total])
    lines = rows + [list(column) for column in zip(*rows, strict=True)]
    for line in lines:
        hidden = [cell for cell in line if cell.hidden]
        visible_small = [cell for cell in line if not cell.hidden and 0 < cell.value < 5]
        assert not visible_small
        # A single hidden number in a line could be computed from the others, unless all others are zero
        # and nothing else is left to hide.
        if len(hidden) == 1:
            assert all(cell.value == 0 for cell in line if not cell.hidden)
