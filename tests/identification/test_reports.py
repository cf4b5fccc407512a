"""The identification report equals a hand count on a fixed fixture; small cells are suppressed for policy
makers, with secondary suppression so a hidden count cannot be derived from the totals."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from opvangnet.identification import services
from opvangnet.identification.models import Case, Decision, Discipline, Outcome, Reconsideration, Referral
from opvangnet.identification.queries import identification_report
from opvangnet.identification.reports import percentile, suppress
from tests.identification.builders import at, decide, make_case, make_referral
from tests.identification.conftest import Team
from tests.personas import Cast

WRITTEN = {
    "referrer_kind": "self",
    "consent_basis": "written_consent",
    "consent_purpose": "Vaststelling",
    "consent_recipients": "Beoordelaars",
    "consent_given_on": dt.date(2024, 12, 1),
    "b83_applicable": False,
}


def backdate(case: Case | Referral, referred: str) -> None:
    referral_id = case.referral_id if isinstance(case, Case) else case.pk
    Referral.objects.filter(pk=referral_id).update(referred_at=at(referred))


def set_decided(decision: Decision, when: str) -> None:
    Decision.objects.filter(pk=decision.pk).update(decided_at=at(when))


@pytest.fixture
def fixture_2025(cast: Cast, team: Team) -> None:
    """Seven referrals; the comments are the hand count."""
    ada, olga = team.ada, team.olga
    # 1. police, Jan 6: first plausible Jan 10 (4 days), final plausible Apr 20 (104 days)
    c1 = make_case(cast.nina, cast.rick, ada, olga, b83_applicable=False)
    backdate(c1, "2025-01-06 10:00")
    set_decided(decide(c1, ada, olga, Outcome.PLAUSIBLE), "2025-01-10 10:00")
    services.start_final_stage(c1, cast.nina)
    set_decided(decide(c1, ada, olga, Outcome.PLAUSIBLE), "2025-04-20 10:00")
    # 2. police, Feb 3: first not plausible Feb 13 (10 days); reconsideration Mar 1 → plausible Mar 10
    c2 = make_case(cast.nina, cast.rick, ada, olga, b83_applicable=False)
    backdate(c2, "2025-02-03 10:00")
    set_decided(decide(c2, ada, olga, Outcome.NOT_PLAUSIBLE), "2025-02-13 10:00")
    request = services.request_reconsideration(c2.referral, cast.rick, grounds="x", on_behalf_of_person=False)
    Reconsideration.objects.filter(pk=request.pk).update(requested_at=at("2025-03-01 10:00"))
    services.assign_reconsideration_panel(
        c2, cast.nina, [(team.sam, Discipline.MEDICAL), (team.tess, Discipline.PSYCHOLOGICAL)]
    )
    set_decided(decide(c2, team.sam, team.tess, Outcome.PLAUSIBLE), "2025-03-10 10:00")
    # 3. other, Apr 1: first insufficient Apr 3 (2 days)
    c3 = make_case(cast.nina, cast.alice, ada, olga, **WRITTEN)
    backdate(c3, "2025-04-01 10:00")
    set_decided(decide(c3, ada, olga, Outcome.INSUFFICIENT), "2025-04-03 10:00")
    # 4. other, May 5: first plausible May 12 (7 days)
    c4 = make_case(cast.nina, cast.alice, ada, olga, **WRITTEN)
    backdate(c4, "2025-05-05 10:00")
    set_decided(decide(c4, ada, olga, Outcome.PLAUSIBLE), "2025-05-12 10:00")
    # 5. police, Jul 1: first plausible Jul 7 (6 days)
    c5 = make_case(cast.nina, cast.rick, ada, olga, b83_applicable=False)
    backdate(c5, "2025-07-01 10:00")
    set_decided(decide(c5, ada, olga, Outcome.PLAUSIBLE), "2025-07-07 10:00")
    # 6. provider, Aug 1: a referral without a case
    r6 = make_referral(cast.carol, **{**WRITTEN, "referrer_kind": "care_provider"})
    backdate(r6, "2025-08-01 10:00")
    # 7. other, referred Dec 30 2024 (counts in 2024), first not plausible Jan 2 2025 (3 days)
    c7 = make_case(cast.nina, cast.alice, ada, olga, **WRITTEN)
    backdate(c7, "2024-12-30 10:00")
    set_decided(decide(c7, ada, olga, Outcome.NOT_PLAUSIBLE), "2025-01-02 10:00")


def texts(row: list) -> list[str]:
    return [cell.text for cell in row]


@pytest.mark.django_db
def test_the_report_equals_the_hand_count(fixture_2025: None) -> None:
    report = identification_report(2025, hide_small_cells=False)
    volume = report.volume.grid
    assert [[c.value for c in row] for row in volume.cells] == [[2, 4, 0], [2, 2, 1], [2, 1, 0], [0, 0, 0]]
    assert [c.value for c in volume.column_totals] == [6, 7, 1]
    first, final = report.timings
    assert (first.count, first.median, first.p90) == (6, 5.0, 10.0)
    assert (final.count, final.median, final.p90) == (1, 104.0, 104.0)
    first_outcomes, final_outcomes = report.outcomes
    # rows: police/KMar/NLA, others; columns: plausible, not plausible, insufficient
    assert [[c.value for c in row] for row in first_outcomes.grid.cells] == [[3, 0, 0], [1, 1, 1]]
    assert [[c.value for c in row] for row in final_outcomes.grid.cells] == [[1, 0, 0], [0, 0, 0]]
    recon = report.reconsiderations.grid
    assert [c.value for c in recon.column_totals] == [1, 1, 1]
    assert report.reversal_rate == 1.0
    assert identification_report(2024, hide_small_cells=False).volume.grid.column_totals[0].value == 1


@pytest.mark.django_db
def test_reconsideration_keeps_both_decisions_in_the_history(fixture_2025: None) -> None:
    request = Reconsideration.objects.get()
    assert request.decision.outcome == Outcome.NOT_PLAUSIBLE
    assert request.new_decision is not None
    assert request.new_decision.outcome == Outcome.PLAUSIBLE
    assert list(request.case.decisions.values_list("outcome", flat=True)) == ["not_plausible", "plausible"]


@pytest.mark.django_db
def test_the_policy_maker_version_hides_small_cells_and_what_they_would_reveal(fixture_2025: None) -> None:
    report = identification_report(2025, hide_small_cells=True)
    assert [texts(row) for row in report.volume.grid.cells] == [
        ["<5", "<5", "0"],
        ["<5", "<5", "<5"],
        ["<5", "<5", "0"],
        ["0", "0", "0"],
    ]
    assert texts(report.volume.grid.column_totals) == ["6", "7", "<5"]
    first, final = report.timings
    assert (first.median, first.p90) == (5.0, 10.0)  # six cases: enough
    assert (final.median, final.p90) == (None, None)  # one case: hidden
    assert report.reversal_rate is None


def test_secondary_suppression_protects_a_small_cell_from_subtraction() -> None:
    grid = suppress([[3, 10, 12], [8, 9, 20]], hide=True)
    assert [texts(row) for row in grid.cells] == [["<5", "x", "12"], ["x", "x", "20"]]
    assert texts(grid.row_totals) == ["25", "37"]
    assert texts(grid.column_totals) == ["11", "19", "32"]
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
