"""`plan`: Erlang C for one pool, and on the demo history the fewest places that meet every target."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from opvangnet.planning import erlang
from opvangnet.planning.plan import parse_plan, plan
from opvangnet.planning.simulate import ContractError, Engine
from tests.planning.inputs import one_pool


@pytest.mark.parametrize(
    ("places", "arrivals", "stay", "days", "share"),
    [
        (3, 0.5, 20.0, 1, 0.95),
        (0, 0.2, 45.0, 1, 0.95),
        (8, 0.1, 240.0, 14, 0.90),
        (40, 0.5, 20.0, 1, 0.95),  # already enough: no extra places
    ],
)
def test_one_pool_and_one_stream_needs_what_erlang_c_says(
    places: int, arrivals: float, stay: float, days: int, share: float
) -> None:
    data: dict[str, Any] = {
        **one_pool(places, arrivals, stay, horizon=3_000, warmup=300, replications=10),
        "targets": [{"stream": "S1", "within_days": days, "share": share}],
    }
    result = plan(data)
    needed = erlang.smallest_places(arrivals, stay, days, share)
    assert needed is not None
    assert result["extra"].get("P1", 0) == max(0, needed - places)
    assert result["meets_targets"] is True


def test_the_cost_per_year_counts_the_extra_places_per_day() -> None:
    data = {
        **one_pool(3, 0.5, 20.0, horizon=2_000, warmup=200, replications=5),
        "targets": [{"stream": "S1", "within_days": 1, "share": 0.95}],
        "cost_per_place_day": {"crisis": 250},
    }
    result = plan(data)
    assert result["cost_per_year"] == result["extra"]["P1"] * 250 * 365


def test_a_target_out_of_reach_is_named() -> None:
    data = {
        **one_pool(1, 0.5, 20.0, horizon=1_000, warmup=100, replications=5, dist="lognormal"),
        "targets": [{"stream": "S1", "within_days": 0, "share": 1.0}],
        "max_extra_per_pool": 2,
    }
    data["streams"][0]["stay_days"]["sd"] = 5
    result = plan(data)
    assert result["meets_targets"] is False
    assert result["failed_targets"] == [{"stream": "S1", "within_days": 0.0, "share": 1.0}]
    assert result["extra"] == {"P1": 2}


def test_a_target_on_an_unknown_stream_is_refused() -> None:
    data = {**one_pool(1, 0.5, 2.0), "targets": [{"stream": "S9", "within_days": 1, "share": 0.9}]}
    with pytest.raises(ContractError, match=r"targets\[0\]\.stream"):
        plan(data)


# Acceptance 3, on the demo history: named places meet every target; one fewer anywhere fails one.
@pytest.fixture
def demo_history(db: None) -> dict[str, Any]:
    from opvangnet.demo.seeding import seed_country
    from opvangnet.planning.history import Period, estimate

    seed_country(seed=3)
    return estimate(Period.last_twelve_months(), replications=20, seed=11)


def test_plan_on_the_demo_history_names_places_that_meet_every_target_and_no_fewer(
    demo_history: dict[str, Any], tmp_path: Path
) -> None:
    result = plan(demo_history)
    assert result["meets_targets"] is True
    assert result["extra"], "the demo country lacks places somewhere"
    plan_input = parse_plan(json.loads(json.dumps(demo_history)))
    base = {p.id: p.capacity for p in plan_input.model.pools}
    planned = {pool: base[pool] + count for pool, count in result["extra"].items()}

    def failing(capacities: dict[str, int]) -> list[str]:
        # A fresh engine: nothing of the plan's own runs is reused.
        outcome = Engine(plan_input.model).run({**base, **capacities})
        return [
            t.stream for t in plan_input.targets if outcome.share_within(t.stream, t.within_days)[0] < t.share
        ]

    assert failing(planned) == []
    for pool in result["extra"]:
        assert failing({**planned, pool: planned[pool] - 1}), f"{pool} could do with one place fewer"
