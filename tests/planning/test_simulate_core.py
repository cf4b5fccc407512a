"""The pure simulation core: agreement with queueing theory, invariants, input checks, and no Django."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opvangnet.planning import erlang
from opvangnet.planning.simulate import ContractError, Engine, parse_model, simulate
from tests.planning.inputs import one_pool, two_stage


def test_the_cores_import_nothing_from_django() -> None:
    code = (
        "import sys; import opvangnet.planning.simulate, opvangnet.planning.plan, opvangnet.planning.erlang; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# Acceptance 1: one pool, exponential stays: p_wait and mean wait agree with Erlang C within the half-width.
@pytest.mark.parametrize(
    ("places", "arrivals", "stay"),
    [
        (1, 0.5, 1.0),  # rho = 0.5
        (3, 2.4, 1.0),  # rho = 0.8
        (10, 0.5, 19.0),  # rho = 0.95, crisis-like: 10 places, 19-day stays
        (2, 1.9, 1.0),  # rho = 0.95
    ],
)
def test_one_pool_agrees_with_erlang_c(places: int, arrivals: float, stay: float) -> None:
    rho = arrivals * stay / places
    horizon = min(40_000 * stay, 150_000) if rho > 0.9 else 8_000 * stay
    result = simulate(one_pool(places, arrivals, stay, horizon=horizon, warmup=horizon / 20, replications=30))
    stream = result["streams"]["S1"]
    expected_wait = erlang.erlang_c(places, arrivals * stay)
    expected_mean = erlang.mean_wait(places, arrivals, stay)
    # The half-width is random too; allow it 1.5 times (a 95 % interval misses one time in twenty).
    assert abs(stream["p_wait"] - expected_wait) <= 1.5 * stream["p_wait_ci"] + 1e-3
    assert abs(stream["mean_wait_days"] - expected_mean) <= 1.5 * stream["mean_wait_days_ci"] + 1e-3
    assert result["pools"]["P1"]["occupancy"] == pytest.approx(
        rho, abs=3 * result["pools"]["P1"]["occupancy_ci"] + 0.01
    )


def test_placed_within_days_agrees_with_the_erlang_c_waiting_time_distribution() -> None:
    result = simulate(one_pool(3, 2.4, 1.0, horizon=10_000, warmup=200, replications=20))
    within = result["streams"]["S1"]["p_placed_within"]
    for days in (0, 1):
        assert within[f"{days:g}"] == pytest.approx(erlang.share_placed_within(3, 2.4, 1.0, days), abs=0.02)


# Acceptance 2: Little's law per pool in a two-stage flow with a known onward share.
def test_each_pool_of_a_two_stage_flow_holds_what_littles_law_predicts() -> None:
    data = two_stage()
    result = simulate(data)
    crisis_rate = 1.0
    long_rate = 0.1 + 0.6 * crisis_rate
    crisis, long = result["pools"]["crisis"], result["pools"]["long"]
    assert crisis["mean_occupied"] == pytest.approx(
        crisis_rate * 5, abs=3 * crisis["mean_occupied_ci"] + 0.05
    )
    assert long["mean_occupied"] == pytest.approx(long_rate * 40, abs=3 * long["mean_occupied_ci"] + 0.2)
    # Arrivals into the second stage: its own plus 60 % of the first's.
    span = data["horizon_days"] - data["warmup_days"]
    assert result["streams"]["S2"]["arrivals"] / span == pytest.approx(long_rate, rel=0.02)


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    data = two_stage()
    first, again = simulate(data), simulate(copy.deepcopy(data))
    first.pop("seconds"), again.pop("seconds")
    assert first == again
    other = simulate({**data, "seed": 8})
    assert other["streams"]["S1"]["arrivals"] != first["streams"]["S1"]["arrivals"]


def test_more_places_never_make_anyone_wait_longer_with_the_same_seeds() -> None:
    engine = Engine(parse_model(two_stage(crisis_places=4, long_places=20)))
    waits = [engine.run({"crisis": c}).streams["S1"]["mean_wait_days"].mean() for c in (4, 5, 6, 8)]
    assert waits == sorted(waits, reverse=True)


def test_a_monthly_seasonality_shapes_the_arrivals() -> None:
    data = one_pool(50, 1.0, 1.0, horizon=365 * 20, warmup=0, replications=5)
    data["streams"][0]["seasonality"] = [2.0] + [1.0] * 11
    model = parse_model(data)
    trace = Engine(model).run(keep_trace=True).traces[0]
    arrivals = trace["arrival"][np.isfinite(trace["arrival"])]
    in_january = ((arrivals % 365) < 31).sum()
    assert in_january / arrivals.size == pytest.approx(62 / 396, abs=0.01)


def test_pooled_places_are_taken_home_first_and_shared_when_full() -> None:
    data: dict[str, Any] = {
        "horizon_days": 3_000,
        "warmup_days": 100,
        "replications": 10,
        "seed": 3,
        "pools": [
            {"id": "A", "region": "RA", "care_type": "crisis", "capacity": 2},
            {"id": "B", "region": "RB", "care_type": "crisis", "capacity": 2},
        ],
        "streams": [
            {
                "id": "SA",
                "region": "RA",
                "arrivals_per_day": 0.3,
                "stay_days": {"dist": "exponential", "mean": 5},
                "eligible_pools": ["A"],
            },
            {
                "id": "SB",
                "region": "RB",
                "arrivals_per_day": 0.1,
                "stay_days": {"dist": "exponential", "mean": 5},
                "eligible_pools": ["B"],
            },
        ],
        "regions": {"RA": {"neighbours": ["RB"]}, "RB": {"neighbours": ["RA"]}},
    }
    apart = simulate(data)
    pooled = simulate({**data, "levers": {"pool_with_neighbours": True}})
    assert pooled["streams"]["SA"]["p_wait"] < apart["streams"]["SA"]["p_wait"]
    assert pooled["pools"]["B"]["occupancy"] > apart["pools"]["B"]["occupancy"]
    assert pooled["pools"]["A"]["occupancy"] > pooled["pools"]["B"]["occupancy"]


def test_crisis_places_open_to_men_only_with_the_lever() -> None:
    data: dict[str, Any] = {
        "horizon_days": 2_000,
        "warmup_days": 100,
        "replications": 10,
        "seed": 5,
        "pools": [
            {"id": "W", "region": "R", "care_type": "crisis", "capacity": 5, "groups": ["woman"]},
            {"id": "M", "region": "R", "care_type": "crisis", "capacity": 0, "groups": ["man"]},
        ],
        "streams": [
            {
                "id": "men",
                "region": "R",
                "group": "man",
                "arrivals_per_day": 0.1,
                "stay_days": {"dist": "fixed", "mean": 10},
                "eligible_pools": ["M"],
            },
        ],
    }
    closed = simulate(data)["streams"]["men"]
    opened = simulate({**data, "levers": {"open_crisis_to_men": True}})["streams"]["men"]
    assert closed["placed"] == 0
    assert closed["p_wait"] == 1.0
    assert opened["placed"] > 0
    assert opened["p_wait"] < 0.5


def test_shorter_stays_by_faster_onward_flow_lower_the_occupancy() -> None:
    data = two_stage()
    base = simulate(data)["pools"]["long"]["mean_occupied"]
    faster = simulate({**data, "levers": {"stay_factor": {"long_term": 0.5}}})["pools"]["long"][
        "mean_occupied"
    ]
    assert faster == pytest.approx(base / 2, rel=0.1)


# --- invariants ---------------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    places=st.lists(st.integers(0, 4), min_size=1, max_size=3),
    rates=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=3),
    stay=st.sampled_from(
        [
            {"dist": "exponential", "mean": 2.0},
            {"dist": "fixed", "mean": 1.5},
            {"dist": "lognormal", "mean": 3.0, "sd": 2.0},
        ]
    ),
    seed=st.integers(0, 1000),
    share=st.floats(0.0, 1.0),
)
def test_every_arrival_is_placed_or_still_waiting_and_no_pool_holds_more_than_its_places(
    places: list[int], rates: list[float], stay: dict[str, Any], seed: int, share: float
) -> None:
    pools = [
        {"id": f"P{i}", "region": "R", "care_type": "crisis", "capacity": c} for i, c in enumerate(places)
    ]
    streams = [
        {
            "id": f"S{i}",
            "region": "R",
            "arrivals_per_day": rate,
            "stay_days": stay,
            "eligible_pools": [p["id"] for p in pools[i % len(pools) :] + pools[: i % len(pools)]][
                : 1 + i % 2
            ],
        }
        for i, rate in enumerate(rates)
    ]
    pools.append({"id": "next", "region": "R", "care_type": "long_term", "capacity": 2})
    streams.append(
        {
            "id": "onward",
            "region": "R",
            "arrivals_per_day": 0.0,
            "stay_days": stay,
            "eligible_pools": ["next"],
        }
    )
    streams[0]["next"] = [{"stream": "onward", "probability": share}]
    model = parse_model(
        {
            "horizon_days": 60,
            "warmup_days": 10,
            "replications": 3,
            "seed": seed,
            "pools": pools,
            "streams": streams,
        }
    )
    result = Engine(model).run(keep_trace=True)
    for stats in result.streams.values():
        assert np.array_equal(stats["placed"] + stats["waiting_at_end"], stats["arrivals"])
    for trace in result.traces:
        starts, ends, pool_of = trace["start"], trace["departure"], trace["pool"]
        assert (np.where(np.isfinite(starts), starts >= trace["arrival"], True)).all()
        for index, pool in enumerate(model.pools):
            for rep in range(model.replications):
                mine = pool_of[rep] == index
                events = sorted(
                    [(t, 1) for t in starts[rep][mine]] + [(t, -1) for t in ends[rep][mine]],
                    key=lambda e: (e[0], e[1]),
                )
                level = 0
                for _time, step in events:
                    level += step
                    assert level <= pool.capacity
    for series in result.pools.values():
        assert (series["occupancy"] <= 1.0 + 1e-9).all()


# --- input that breaks the contract -------------------------------------------------------------------------


def _broken(change: str) -> dict[str, Any]:
    data = two_stage()
    if change == "care_type":
        data["pools"][0]["care_type"] = "crisi"
    elif change == "capacity":
        data["pools"][1]["capacity"] = -1
    elif change == "dist":
        data["streams"][0]["stay_days"] = {"dist": "gamma", "mean": 3}
    elif change == "sd":
        data["streams"][0]["stay_days"] = {"dist": "lognormal", "mean": 3}
    elif change == "pool":
        data["streams"][1]["eligible_pools"] = ["nowhere"]
    elif change == "next":
        data["streams"][0]["next"] = [{"stream": "S9", "probability": 0.5}]
    elif change == "cycle":
        data["streams"][1]["next"] = [{"stream": "S1", "probability": 0.1}]
    elif change == "warmup":
        data["warmup_days"] = data["horizon_days"]
    elif change == "replications":
        data["replications"] = 1
    elif change == "seasonality":
        data["streams"][0]["seasonality"] = [1.0] * 11
    return data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("care_type", "pools[0].care_type"),
        ("capacity", "pools[1].capacity"),
        ("dist", "streams[0].stay_days.dist"),
        ("sd", "streams[0].stay_days.sd"),
        ("pool", "streams[1].eligible_pools[0]"),
        ("next", "streams[0].next[0].stream"),
        ("cycle", "streams[0].next"),
        ("warmup", "warmup_days"),
        ("replications", "replications"),
        ("seasonality", "streams[0].seasonality"),
    ],
)
def test_input_that_breaks_the_contract_is_refused_naming_the_field(change: str, field: str) -> None:
    with pytest.raises(ContractError) as raised:
        simulate(_broken(change))
    assert raised.value.field.startswith(field)
