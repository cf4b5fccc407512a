"""Matching one request: one table row per hard constraint, the ranking, the texts, and refused input."""

from __future__ import annotations

import gc
import subprocess
import sys
from typing import Any

import pytest

from opvangnet.placement.engine import HARD_CONSTRAINTS, ContractError, match
from opvangnet.placement.engine.columns import BIT
from tests.placement.engine_builders import REGIONS, make_offer, make_request


def why_not(request: dict[str, Any], offer: dict[str, Any]) -> list[str]:
    result = match(request, [offer], REGIONS)
    assert len(result.candidates) + len(result.excluded) == 1
    return [reason.code for exclusion in result.excluded for reason in exclusion.why_not]


# (rule in words, request overrides, offer overrides, codes of the rules broken)
RULES = [
    ("the default request and offer fit", {}, {}, []),
    ("a long-term place does not fit a crisis request", {}, {"care_type": "long_term"}, ["care_type"]),
    (
        "a place for sexual exploitation only does not fit labour",
        {},
        {"exploitation": ["sexual"]},
        ["exploitation"],
    ),
    ("one of two asked exploitation types is enough", {"exploitation": ["sexual", "labour"]}, {}, []),
    ("a women-only place does not fit a man", {}, {"genders": ["woman"]}, ["gender"]),
    (
        "a non-binary person needs a place that takes non-binary people",
        {"gender": "non_binary"},
        {},
        ["gender"],
    ),
    ("age 17 is below 18–120", {"age": 17}, {}, ["age"]),
    ("age 18 is within 18–120", {"age": 18}, {}, []),
    ("age 23 is within 18–23", {"age": 23}, {"max_age": 23}, []),
    ("age 24 is above 18–23", {"age": 24}, {"max_age": 23}, ["age"]),
    ("children come only where the place takes children", {"with_children": 2}, {}, ["children"]),
    ("children are welcome where the place takes them", {"with_children": 2}, {"children": True}, []),
    ("a place for children also takes someone without", {}, {"children": True}, []),
    ("addiction needs a place that supports addiction", {"needs": ["addiction"]}, {}, ["needs"]),
    (
        "every need must be supported, not just one",
        {"needs": ["addiction", "psychiatric"]},
        {"needs_supported": ["addiction"]},
        ["needs"],
    ),
    (
        "supported needs that are not asked do no harm",
        {"needs": ["pregnancy"]},
        {"needs_supported": ["pregnancy", "addiction"]},
        [],
    ),
    ("high security needs a place with high security", {"security": "high"}, {}, ["security"]),
    ("standard security fits a place with high security", {}, {"security": "high"}, []),
    ("a place in a region to avoid does not fit", {"avoid_regions": ["VO28"]}, {}, ["avoid_region"]),
    ("avoiding another region does not matter", {"avoid_regions": ["VO17"]}, {}, []),
    (
        "a categorical place (B8/3 route only) does not fit an ordinary request",
        {},
        {"admission_route": "b8_procedure"},
        ["admission_route"],
    ),
    (
        "a categorical place fits a request in its route",
        {"admission_routes": ["b8_procedure"]},
        {"admission_route": "b8_procedure"},
        [],
    ),
    ("an open place fits a request in the B8/3 route", {"admission_routes": ["b8_procedure"]}, {}, []),
    ("a full place does not fit", {}, {"free_places": 0}, ["no_free_place"]),
    (
        "every broken rule is named, in the contract's order",
        {"gender": "woman", "age": 16, "with_children": 1, "needs": ["addiction"], "security": "high"},
        {"care_type": "ambulant", "exploitation": ["other"], "free_places": 0},
        ["care_type", "exploitation", "gender", "age", "children", "needs", "security", "no_free_place"],
    ),
]


@pytest.mark.parametrize(
    ("rule", "request_overrides", "offer_overrides", "broken"), RULES, ids=[r[0] for r in RULES]
)
def test_it_applies_each_hard_constraint(
    rule: str, request_overrides: dict[str, Any], offer_overrides: dict[str, Any], broken: list[str]
) -> None:
    assert why_not(make_request(**request_overrides), make_offer(**offer_overrides)) == broken


def test_the_why_not_of_the_admission_route_names_the_route() -> None:
    (exclusion,) = match(make_request(), [make_offer(admission_route="b8_procedure")], REGIONS).excluded
    assert [(r.code, r.text) for r in exclusion.why_not] == [
        ("admission_route", "Neemt alleen via CoMensha aangemelde mensen in de B8/3-procedure op.")
    ]


def test_it_ranks_the_home_region_before_a_neighbour_and_a_neighbour_before_the_far_north() -> None:
    offers = [
        make_offer(id="far", region="VO18"),
        make_offer(id="near", region="VO17"),
        make_offer(id="home", region="VO28"),
    ]
    result = match(make_request(), offers, REGIONS)
    assert [c.offer for c in result.candidates] == ["home", "near", "far"]
    assert result.candidates[0].reasons[1].code == "home_region"
    assert result.candidates[1].reasons[1].code == "distance"


def test_a_language_in_common_outweighs_50_km_for_a_planned_move_but_not_for_today() -> None:
    offers = [make_offer(id="home", languages=["nl"]), make_offer(id="near", region="VO30", languages=["ro"])]
    planned = match(make_request(urgency="planned"), offers, REGIONS)
    today = match(make_request(urgency="today"), offers, REGIONS)
    assert [c.offer for c in planned.candidates] == ["near", "home"]
    assert [c.offer for c in today.candidates] == ["home", "near"]


def test_more_free_places_break_a_tie_and_then_the_offer_id() -> None:
    offers = [make_offer(id="b"), make_offer(id="c", free_places=3), make_offer(id="a")]
    result = match(make_request(), offers, REGIONS)
    assert [c.offer for c in result.candidates] == ["c", "a", "b"]
    assert result.candidates[1].score == result.candidates[2].score


def test_the_output_has_the_contracts_shape() -> None:
    output = match(make_request(), [make_offer(), make_offer(id="O2", free_places=0)], REGIONS).to_json()
    assert set(output) == {"candidates", "excluded"}
    (candidate,) = output["candidates"]
    assert set(candidate) == {"offer", "score", "reasons"}
    assert 0 <= candidate["score"] <= 1
    assert all(set(reason) == {"code", "text"} for reason in candidate["reasons"])
    assert output["excluded"] == [
        {"offer": "O2", "why_not": [{"code": "no_free_place", "text": "Geen vrije plaats."}]}
    ]


def test_texts_are_dutch_by_default_and_english_on_request() -> None:
    request = make_request(needs=["addiction"])
    offers = [make_offer(id="fits", needs_supported=["addiction"]), make_offer(id="no")]
    dutch = match(request, offers, REGIONS)
    english = match(request, offers, REGIONS, lang="en")
    assert dutch.excluded[0].why_not[0].text == "Geen ondersteuning bij verslaving."
    assert english.excluded[0].why_not[0].text == "No support for addiction."
    assert dutch.candidates[0].reasons[1].text == "In de eigen regio VO28."
    assert english.candidates[0].reasons[1].text == "In the home region VO28."
    with pytest.raises(ContractError, match="lang: unknown language 'de'"):
        match(request, offers, REGIONS, lang="de")


@pytest.mark.parametrize(
    ("offers", "request_overrides", "message"),
    [
        ([make_offer(care_type="crisi")], {}, "offers[0].care_type: unknown value 'crisi'"),
        (
            [make_offer(), make_offer(id="O2", free_places=-1)],
            {},
            "offers[1].free_places: must be at least 0",
        ),
        ([make_offer(min_age=30, max_age=20)], {}, "offers[0].max_age: must be at least 30"),
        ([make_offer(children="no")], {}, "offers[0].children: must be true or false"),
        ([make_offer(region="VO99")], {}, "offers[0].region: unknown region 'VO99'"),
        ([make_offer(), make_offer()], {}, "offers[1].id: duplicate id 'O1'"),
        ([{k: v for k, v in make_offer().items() if k != "genders"}], {}, "offers[0].genders: missing"),
        ([make_offer()], {"age": -1}, "request.age: must be at least 0"),
        ([make_offer()], {"age": "30"}, "request.age: must be a whole number"),
        ([make_offer()], {"needs": ["addicted"]}, "request.needs: unknown value 'addicted'"),
        ([make_offer()], {"exploitation": []}, "request.exploitation: must name at least one"),
        ([make_offer()], {"urgency": "now"}, "request.urgency: unknown value 'now'"),
        ([make_offer()], {"avoid_regions": ["VO99"]}, "request.avoid_regions: unknown region 'VO99'"),
    ],
)
def test_it_refuses_input_that_breaks_the_contract_and_names_the_field(
    offers: list[dict[str, Any]], request_overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ContractError) as refused:
        match(make_request(**request_overrides), offers, REGIONS)
    assert str(refused.value).startswith(message)


def test_it_refuses_a_region_centre_that_is_not_lon_lat() -> None:
    with pytest.raises(ContractError, match=r"regions\.VO28\.y: latitude must lie between"):
        match(make_request(), [make_offer()], REGIONS | {"VO28": {"x": 4.48, "y": 437000}})


def test_the_engine_imports_nothing_from_django() -> None:
    script = (
        "import sys; sys.modules['django'] = None\n"
        "from opvangnet.placement.engine import match, assign\n"
        "from tests.placement.engine_builders import REGIONS, make_offer, make_request\n"
        "match(make_request(), [make_offer()], REGIONS)\n"
        "assign([make_request(priority=1)], [make_offer()], REGIONS)\n"
        "assert not [name for name in sys.modules if name.startswith('django') and sys.modules[name]]\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_each_hard_constraint_has_its_own_bit_in_the_contracts_order() -> None:
    assert list(BIT) == list(HARD_CONSTRAINTS)
    assert [BIT[code] for code in HARD_CONSTRAINTS] == [1 << i for i in range(len(HARD_CONSTRAINTS))]


def test_it_leaves_the_garbage_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    match(make_request(), [make_offer()], REGIONS).to_json()
    assert gc.isenabled()
    gc.disable()
    try:
        match(make_request(), [make_offer()], REGIONS).to_json()
        assert not gc.isenabled()
    finally:
        gc.enable()
