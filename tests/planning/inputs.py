"""Small simulate/plan inputs for the tests of the pure core."""

from __future__ import annotations

from typing import Any


def one_pool(
    places: int,
    arrivals_per_day: float,
    mean_stay: float,
    *,
    horizon: float = 20_000,
    warmup: float = 1_000,
    replications: int = 20,
    seed: int = 1,
    dist: str = "exponential",
) -> dict[str, Any]:
    return {
        "horizon_days": horizon,
        "warmup_days": warmup,
        "replications": replications,
        "seed": seed,
        "pools": [{"id": "P1", "region": "R1", "care_type": "crisis", "capacity": places}],
        "streams": [
            {
                "id": "S1",
                "region": "R1",
                "arrivals_per_day": arrivals_per_day,
                "stay_days": {"dist": dist, "mean": mean_stay},
                "eligible_pools": ["P1"],
            }
        ],
    }


def two_stage(*, crisis_places: int = 30, long_places: int = 60, share: float = 0.6) -> dict[str, Any]:
    """Crisis then long-term: 1 arrival a day, 5-day crisis stays, 60 % move on to 40-day long-term stays."""
    return {
        "horizon_days": 6_000,
        "warmup_days": 500,
        "replications": 20,
        "seed": 7,
        "pools": [
            {"id": "crisis", "region": "R1", "care_type": "crisis", "capacity": crisis_places},
            {"id": "long", "region": "R1", "care_type": "long_term", "capacity": long_places},
        ],
        "streams": [
            {
                "id": "S1",
                "region": "R1",
                "arrivals_per_day": 1.0,
                "stay_days": {"dist": "lognormal", "mean": 5, "sd": 3},
                "eligible_pools": ["crisis"],
                "next": [{"stream": "S2", "probability": share}],
            },
            {
                "id": "S2",
                "region": "R1",
                "arrivals_per_day": 0.1,
                "stay_days": {"dist": "fixed", "mean": 40},
                "eligible_pools": ["long"],
            },
        ],
    }
