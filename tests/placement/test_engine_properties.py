"""Properties of match and assign on random instances, against tiny reference rules and brute force."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opvangnet.placement.engine import (
    HARD_CONSTRAINTS,
    OfferColumns,
    assign,
    broken_constraints,
    match,
    solver,
)
from opvangnet.placement.engine import classes as engine_classes
from opvangnet.placement.engine.assignment import fitting_arcs
from opvangnet.placement.engine.contract import coerce_offers, coerce_requests, parse_regions
from tests.placement.engine_builders import REGIONS

Json = dict[str, Any]

# One predicate per hard constraint, written from the contract's words: true when the offer keeps the rule.
KEEPS: dict[str, Callable[[Json, Json], bool]] = {
    "care_type": lambda r, o: r["care_type"] == o["care_type"],
    "exploitation": lambda r, o: bool(set(r["exploitation"]) & set(o["exploitation"])),
    "gender": lambda r, o: r["gender"] in o["genders"],
    "age": lambda r, o: o["min_age"] <= r["age"] <= o["max_age"],
    "children": lambda r, o: r["with_children"] == 0 or o["children"],
    "needs": lambda r, o: set(r["needs"]) <= set(o["needs_supported"]),
    "security": lambda r, o: r["security"] != "high" or o["security"] == "high",
    "avoid_region": lambda r, o: o["region"] not in r["avoid_regions"],
    "admission_route": lambda r, o: (
        o["admission_route"] == "open" or o["admission_route"] in r["admission_routes"]
    ),
    "no_free_place": lambda r, o: o["free_places"] >= 1,
}
assert tuple(KEEPS) == HARD_CONSTRAINTS


def fits(request: Json, offer: Json) -> bool:
    return all(keeps(request, offer) for keeps in KEEPS.values())


# Values drawn from short lists of typical ones, generous offers the most common, so that about one pair in
# five fits and the properties bite; the edges (ages 17/18/23/24, empty lists) are among them.
regions = st.sampled_from(sorted(REGIONS))
care_types = st.sampled_from(["crisis", "crisis", "crisis", "long_term"])
languages = st.sampled_from([[], ["nl"], ["ro"], ["en", "pl"], ["nl", "en", "ro"]])


def one_of(*options: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


def requests(identifier: str) -> st.SearchStrategy[Json]:
    return st.fixed_dictionaries(
        {
            "id": st.just(identifier),
            "care_type": care_types,
            "exploitation": one_of(["sexual"], ["labour"], ["criminal"], ["sexual", "labour"]),
            "gender": one_of("woman", "woman", "man", "non_binary"),
            "age": one_of(17, 18, 23, 24, 35, 35, 60, 60),
            "with_children": one_of(0, 0, 0, 1, 3),
            "needs": one_of([], [], [], [], ["addiction"], ["psychiatric", "pregnancy"]),
            "languages": languages,
            "security": one_of("standard", "standard", "high"),
            "home_region": regions,
            "avoid_regions": st.one_of(st.just([]), st.just([]), regions.map(lambda code: [code])),
            "urgency": one_of("today", "week", "planned"),
            "priority": st.integers(0, 3),
            "admission_routes": one_of([], [], ["b8_procedure"]),
        }
    )


def offers(identifier: str, max_free: int = 3) -> st.SearchStrategy[Json]:
    everyone = ["woman", "man", "non_binary"]
    return st.fixed_dictionaries(
        {
            "id": st.just(identifier),
            "region": regions,
            "care_type": care_types,
            "exploitation": one_of(
                *[["sexual", "labour", "criminal", "other"]] * 8, ["sexual"], ["labour", "other"], []
            ),
            "genders": one_of(*[everyone] * 6, ["woman"], ["man"], ["woman", "non_binary"]),
            "min_age": one_of(12, 18, 18, 18, 18),
            "max_age": one_of(17, 23, 120, 120, 120, 120),
            "children": one_of(True, True, False),
            "needs_supported": one_of(*[["addiction", "psychiatric", "pregnancy"]] * 4, ["psychiatric"], []),
            "languages": languages,
            "security": one_of("standard", "high", "high"),
            "free_places": one_of(0, *[1] * max_free, *range(2, max_free + 1)),
            "admission_route": one_of("open", "open", "open", "b8_procedure"),
        }
    ).filter(lambda offer: offer["min_age"] <= offer["max_age"])


@st.composite
def match_inputs(draw: st.DrawFn) -> tuple[Json, list[Json]]:
    request = draw(requests("R1"))
    # Ids out of order, so that the tie-break on id is exercised.
    count = draw(st.integers(0, 12))
    return request, [draw(offers(f"O{(7 * i) % 13:02d}")) for i in range(count)]


@st.composite
def assign_inputs(draw: st.DrawFn) -> tuple[list[Json], list[Json]]:
    the_requests = [draw(requests(f"R{i}")) for i in range(draw(st.integers(0, 6)))]
    the_offers = [draw(offers(f"O{i}", max_free=2)) for i in range(draw(st.integers(0, 5)))]
    return the_requests, the_offers


@settings(max_examples=200, derandomize=True, deadline=None)
@given(match_inputs())
def test_match_puts_every_offer_once_and_names_exactly_the_broken_rules(
    data: tuple[Json, list[Json]],
) -> None:
    request, the_offers = data
    result = match(request, the_offers, REGIONS)
    listed = [c.offer for c in result.candidates] + [e.offer for e in result.excluded]
    assert Counter(listed) == Counter(o["id"] for o in the_offers)
    by_id = {o["id"]: o for o in the_offers}
    for candidate in result.candidates:
        assert fits(request, by_id[candidate.offer])
        assert 0 <= candidate.score <= 1
        assert candidate.reasons
        assert all(reason.text for reason in candidate.reasons)
    for exclusion in result.excluded:
        offer = by_id[exclusion.offer]
        expected = [code for code, keeps in KEEPS.items() if not keeps(request, offer)]
        assert [reason.code for reason in exclusion.why_not] == expected
        assert all(reason.text for reason in exclusion.why_not)
    ranking = [(-c.score, c.offer) for c in result.candidates]
    assert ranking == sorted(ranking)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(match_inputs())
def test_english_texts_name_the_same_reasons_in_other_words(data: tuple[Json, list[Json]]) -> None:
    request, the_offers = data
    dutch = match(request, the_offers, REGIONS).to_json()
    english = match(request, the_offers, REGIONS, lang="en").to_json()

    def codes(output: Json) -> list[Any]:
        return [
            [(e.get("offer"), r["code"]) for r in e.get("reasons", e.get("why_not"))]
            for e in output["candidates"] + output["excluded"]
        ]

    assert codes(dutch) == codes(english)


def best_by_brute_force(the_requests: list[Json], the_offers: list[Json]) -> tuple[int, int, int]:
    """The lexicographic optimum (placed, priority, score in thousandths) over every feasible assignment."""
    units = {
        (r["id"], c.offer): round(c.score * 1000)
        for r in the_requests
        for c in match(r, the_offers, REGIONS).candidates
    }

    @cache
    def best(index: int, left: tuple[int, ...]) -> tuple[int, int, int]:
        if index == len(the_requests):
            return (0, 0, 0)
        request = the_requests[index]
        options = [best(index + 1, left)]
        for j, offer in enumerate(the_offers):
            if left[j] and fits(request, offer):
                rest = best(index + 1, (*left[:j], left[j] - 1, *left[j + 1 :]))
                score = units[(request["id"], offer["id"])]
                options.append((rest[0] + 1, rest[1] + request["priority"], rest[2] + score))
        return max(options)

    return best(0, tuple(o["free_places"] for o in the_offers))


@settings(max_examples=250, derandomize=True, deadline=None)
@given(assign_inputs())
def test_assign_equals_the_brute_force_optimum_and_never_overbooks(
    data: tuple[list[Json], list[Json]],
) -> None:
    the_requests, the_offers = data
    result = assign(the_requests, the_offers, REGIONS)
    requests_by_id = {r["id"]: r for r in the_requests}
    offers_by_id = {o["id"]: o for o in the_offers}
    assert result.optimal
    assert result.placed == len(result.assignments)
    taken = Counter(a.offer for a in result.assignments)
    assert all(taken[o] <= offers_by_id[o]["free_places"] for o in taken)
    assert all(fits(requests_by_id[a.request], offers_by_id[a.offer]) for a in result.assignments)
    placed = [a.request for a in result.assignments]
    assert sorted(placed + [u.request for u in result.unplaced]) == sorted(requests_by_id)

    scores = {
        (r["id"], c.offer): round(c.score * 1000)
        for r in the_requests
        for c in match(r, the_offers, REGIONS).candidates
    }
    achieved = (
        result.placed,
        sum(requests_by_id[r]["priority"] for r in placed),
        sum(scores[(a.request, a.offer)] for a in result.assignments),
    )
    assert achieved == best_by_brute_force(the_requests, the_offers)

    for unplaced in result.unplaced:
        (why,) = unplaced.why
        anything_fits = any(fits(requests_by_id[unplaced.request], offer) for offer in the_offers)
        assert why.code == ("capacity_taken" if anything_fits else "no_fitting_offer")


@settings(max_examples=100, derandomize=True, deadline=None)
@given(assign_inputs())
def test_assign_scores_every_pair_as_match_does(data: tuple[list[Json], list[Json]]) -> None:
    the_requests, the_offers = data
    parsed_requests, parsed_offers = coerce_requests(the_requests), coerce_offers(the_offers)
    arcs = fitting_arcs(parsed_requests, parsed_offers, parse_regions(REGIONS))
    from_assign = {
        (parsed_requests[int(r)].id, parsed_offers[int(o)].id): int(u)
        for r, o, u in zip(arcs.request, arcs.offer, arcs.units, strict=True)
    }
    from_match = {
        (r["id"], c.offer): round(c.score * 1000)
        for r in the_requests
        for c in match(r, the_offers, REGIONS).candidates
    }
    assert from_assign == from_match


# --- the class-merging assign: duplicates, forced rounds of the subset, and a proof that cannot be fooled ---


@st.composite
def assign_inputs_with_twins(draw: st.DrawFn) -> tuple[list[Json], list[Json]]:
    """Few distinct requests and offers, each repeated under other ids (as a real waiting list and a real
    supply repeat themselves), so that classes and nodes of several members occur."""
    base_requests = [draw(requests("base")) for _ in range(draw(st.integers(1, 3)))]
    base_offers = [draw(offers("base", max_free=2)) for _ in range(draw(st.integers(1, 3)))]
    the_requests = [
        base | {"id": f"R{i}"}
        for i, base in enumerate(draw(st.lists(st.sampled_from(base_requests), min_size=1, max_size=6)))
    ]
    the_offers = [
        base | {"id": f"O{i}", "free_places": draw(st.integers(0, 2))}
        for i, base in enumerate(draw(st.lists(st.sampled_from(base_offers), min_size=1, max_size=5)))
    ]
    return the_requests, the_offers


def achieved(result: Any, the_requests: list[Json], the_offers: list[Json]) -> tuple[int, int, int]:
    requests_by_id = {r["id"]: r for r in the_requests}
    offers_by_id = {o["id"]: o for o in the_offers}
    taken = Counter(a.offer for a in result.assignments)
    assert all(taken[o] <= offers_by_id[o]["free_places"] for o in taken)
    assert all(fits(requests_by_id[a.request], offers_by_id[a.offer]) for a in result.assignments)
    scores = {
        (r["id"], c.offer): round(c.score * 1000)
        for r in the_requests
        for c in match(r, the_offers, REGIONS).candidates
    }
    return (
        result.placed,
        sum(requests_by_id[a.request]["priority"] for a in result.assignments),
        sum(scores[(a.request, a.offer)] for a in result.assignments),
    )


@settings(max_examples=200, derandomize=True, deadline=None)
@given(assign_inputs_with_twins())
def test_merged_classes_and_nodes_give_the_brute_force_optimum(data: tuple[list[Json], list[Json]]) -> None:
    the_requests, the_offers = data
    result = assign(the_requests, the_offers, REGIONS)
    assert result.optimal
    assert achieved(result, the_requests, the_offers) == best_by_brute_force(the_requests, the_offers)


@pytest.fixture(scope="module")
def smallest_subsets() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_classes, "_EXTRA_PAIRS", 0)
        patch.setattr(engine_classes, "_WIDE_PAIRS", 0)
        patch.setattr(solver, "_ADD_PER_CLASS", 1)
        patch.setattr(solver, "_NEAR", 0)
        yield


@settings(max_examples=150, derandomize=True, deadline=None)
@given(data=st.one_of(assign_inputs(), assign_inputs_with_twins()))
def test_the_optimum_is_found_when_the_solver_first_sees_one_pair_per_class(
    smallest_subsets: None, data: tuple[list[Json], list[Json]]
) -> None:
    # With the smallest subsets the proof fails at first and pairs join round by round.
    the_requests, the_offers = data
    result = assign(the_requests, the_offers, REGIONS)
    assert result.optimal
    assert achieved(result, the_requests, the_offers) == best_by_brute_force(the_requests, the_offers)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.one_of(assign_inputs(), assign_inputs_with_twins()))
def test_the_proof_holds_for_the_optimum_and_fails_once_one_placement_is_dropped(
    data: tuple[list[Json], list[Json]],
) -> None:
    the_requests, the_offers = data
    requests_ = coerce_requests(the_requests)
    columns = OfferColumns(coerce_offers(the_offers))
    nodes = engine_classes.offer_nodes(columns)
    classes = engine_classes.request_classes(requests_, nodes)
    pairs = engine_classes.class_pairs(classes, nodes, parse_regions(REGIONS))
    weights = solver.weights_for(classes, pairs, nodes)
    if not len(pairs) or weights is None:
        return
    solved = solver.optimal_flow(classes, nodes, pairs, weights)
    assert solved is not None
    flow, optimal = solved
    assert optimal
    assert solver.proves_optimal(flow, classes, nodes, pairs)
    if len(flow.pair):
        fewer = solver.Flow(flow.pair, flow.amount.copy())
        fewer.amount[0] -= 1  # still feasible, one placement less: no proof may hold
        assert not solver.proves_optimal(fewer, classes, nodes, pairs)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(match_inputs())
def test_the_packed_fit_equals_the_broken_rule_bits_and_the_rules_one_offer_at_a_time(
    data: tuple[Json, list[Json]],
) -> None:
    request, the_offers = data
    parsed_request = coerce_requests([request | {"priority": 0}])[0]
    parsed_offers = coerce_offers(the_offers)
    columns = OfferColumns(parsed_offers)
    by_bits = np.flatnonzero(columns.broken(parsed_request) == 0).tolist()
    one_by_one = [i for i, offer in enumerate(parsed_offers) if not broken_constraints(parsed_request, offer)]
    assert columns.fitting(parsed_request).tolist() == by_bits == one_by_one
