"""Assigning a waiting list: most placed, then most priority, then best fit; never beyond the free places."""

from __future__ import annotations

from collections import Counter

import pytest

from opvangnet.placement.engine import Assignment, ContractError, assign
from tests.placement.engine_builders import REGIONS, make_offer, make_request


def placements(assignments: list[Assignment]) -> dict[str, str]:
    return {a.request: a.offer for a in assignments}


def test_it_places_as_many_as_possible_even_if_someone_gets_a_place_farther_away() -> None:
    flexible = make_request(id="flexible", priority=0)
    only_rotterdam = make_request(id="only-rotterdam", priority=0, needs=["addiction"])
    offers = [
        make_offer(id="rotterdam", needs_supported=["addiction"]),
        make_offer(id="groningen", region="VO18"),
    ]
    result = assign([flexible, only_rotterdam], offers, REGIONS)
    assert placements(result.assignments) == {"flexible": "groningen", "only-rotterdam": "rotterdam"}
    assert (result.placed, result.optimal) == (2, True)


def test_the_higher_priority_gets_the_last_place() -> None:
    requests = [make_request(id="first", priority=0), make_request(id="urgent", priority=2)]
    result = assign(requests, [make_offer()], REGIONS)
    assert placements(result.assignments) == {"urgent": "O1"}
    assert [(u.request, u.why[0].code) for u in result.unplaced] == [("first", "capacity_taken")]


def test_the_better_fit_breaks_a_tie_in_priority() -> None:
    requests = [make_request(id="from-groningen", home_region="VO18"), make_request(id="from-rotterdam")]
    result = assign([r | {"priority": 1} for r in requests], [make_offer()], REGIONS)
    assert placements(result.assignments) == {"from-rotterdam": "O1"}


def test_it_never_gives_an_offer_more_requests_than_its_free_places() -> None:
    requests = [make_request(id=f"R{i}", priority=i % 2) for i in range(5)]
    result = assign(requests, [make_offer(free_places=2), make_offer(id="full", free_places=0)], REGIONS)
    assert Counter(a.offer for a in result.assignments) == {"O1": 2}
    assert result.placed == 2
    assert {a.request for a in result.assignments} == {"R1", "R3"}


def test_it_says_whether_nothing_fits_or_the_places_were_needed_for_others() -> None:
    requests = [
        make_request(id="placed", priority=1),
        make_request(id="crowded-out", priority=0),
        make_request(id="nothing-fits", gender="woman", priority=5),
    ]
    dutch = assign(requests, [make_offer(), make_offer(id="full", genders=["woman"], free_places=0)], REGIONS)
    assert [(u.request, u.why[0].code, u.why[0].text) for u in dutch.unplaced] == [
        (
            "crowded-out",
            "capacity_taken",
            "Er is passend aanbod (1), maar de vrije plaatsen zijn nodig om anderen te plaatsen.",
        ),
        ("nothing-fits", "no_fitting_offer", "Geen enkel aanbod met een vrije plaats past bij deze vraag."),
    ]
    english = assign(requests, [make_offer()], REGIONS, lang="en")
    assert english.unplaced[1].why[0].text == "No offer with a free place fits this request."


def test_the_output_has_the_contracts_shape() -> None:
    requests = [make_request(id="R1", priority=1), make_request(id="R2", priority=0)]
    output = assign(requests, [make_offer()], REGIONS).to_json()
    assert set(output) == {"assignments", "unplaced", "placed", "optimal", "seconds"}
    assert output["assignments"] == [{"request": "R1", "offer": "O1"}]
    assert output["unplaced"][0]["request"] == "R2"
    assert set(output["unplaced"][0]["why"][0]) == {"code", "text"}
    assert (output["placed"], output["optimal"]) == (1, True)
    assert isinstance(output["seconds"], float)


def test_an_empty_waiting_list_is_trivially_optimal() -> None:
    result = assign([], [make_offer()], REGIONS)
    assert (result.placed, result.optimal, result.assignments, result.unplaced) == (0, True, [], [])


def test_priorities_too_large_for_exact_costs_still_give_a_valid_assignment_without_the_proof() -> None:
    requests = [make_request(id=f"R{i}", priority=10**17 * i) for i in range(3)]
    result = assign(requests, [make_offer(free_places=2)], REGIONS)
    assert result.optimal is False
    assert {a.request for a in result.assignments} == {"R1", "R2"}


@pytest.mark.parametrize(
    ("requests", "message"),
    [
        ([{k: v for k, v in make_request().items()}], "requests[0].priority: missing"),
        ([make_request(priority=-1)], "requests[0].priority: must be at least 0"),
        ([make_request(priority=1), make_request(priority=1)], "requests[1].id: duplicate id 'R1'"),
        ([make_request(priority=1, home_region="VO99")], "requests[0].home_region: unknown region 'VO99'"),
        ("R1", "requests: must be a list"),
    ],
)
def test_it_refuses_input_that_breaks_the_contract(requests: object, message: str) -> None:
    with pytest.raises(ContractError) as refused:
        assign(requests, [make_offer()], REGIONS)  # type: ignore[arg-type]
    assert str(refused.value).startswith(message)
