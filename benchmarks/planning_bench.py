"""Simulation benchmark: `python -m benchmarks.planning_bench [--replications N] [--simpy-replications N]`.

The national model of benchmarks/README.md: the 35 care regions, each with a crisis, a long-term and a
transitional pool, people moving on from crisis to long-term (45 %) and from long-term to transitional
(40 %), lognormal stays, one simulated year, 200 replications. It runs `opvangnet.planning.simulate` and the
same model written for SimPy (a process per person, a `simpy.Resource` per pool, first come first served),
and prints both times, the speed ratio and the mean figures of both, which must agree within their noise.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
import time
from pathlib import Path
from typing import Any

import simpy

from opvangnet.planning.simulate import simulate

REGIONS_CSV = Path(__file__).resolve().parents[1] / "src/opvangnet/regions/data/care_regions.csv"
BIG_REGIONS = {"VO04": 4.0, "VO28": 3.5, "VO17": 3.0, "VO30": 2.5, "VO13": 2.0, "VO18": 1.5, "VO06": 1.5}
# Per region of weight 1: arrivals per day, mean and sd of the stay in days, places, share moving on.
CARE = {
    "crisis": (0.05, 45.0, 30.0, 3, 0.45),
    "long_term": (0.008, 240.0, 120.0, 4, 0.40),
    "transitional": (0.004, 240.0, 90.0, 3, 0.0),
}
NEXT = {"crisis": "long_term", "long_term": "transitional"}
HORIZON_DAYS = 365


def regions() -> list[str]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def national_model(replications: int, seed: int = 1) -> dict[str, Any]:
    pools, streams = [], []
    for code in regions():
        weight = BIG_REGIONS.get(code, 1.0)
        for care, (rate, mean, sd, places, onward) in CARE.items():
            pools.append(
                {
                    "id": f"{code}-{care}",
                    "region": code,
                    "care_type": care,
                    "capacity": math.ceil(places * weight),
                }
            )
            stream: dict[str, Any] = {
                "id": f"{code}-{care}",
                "region": code,
                "care_type": care,
                "arrivals_per_day": rate * weight,
                "stay_days": {"dist": "lognormal", "mean": mean, "sd": sd},
                "eligible_pools": [f"{code}-{care}"],
            }
            if care in NEXT:
                stream["next"] = [{"stream": f"{code}-{NEXT[care]}", "probability": onward}]
            streams.append(stream)
    return {
        "horizon_days": HORIZON_DAYS,
        "warmup_days": 0,
        "replications": replications,
        "seed": seed,
        "pools": pools,
        "streams": streams,
    }


def simpy_run(model: dict[str, Any], replication: int) -> dict[str, tuple[int, int, float]]:
    """One replication in SimPy; per stream (arrivals, waited, total wait in days)."""
    rng = random.Random(replication)
    env = simpy.Environment()
    pools = {
        p["id"]: simpy.Resource(env, capacity=p["capacity"]) if p["capacity"] else None
        for p in model["pools"]
    }
    streams = {s["id"]: s for s in model["streams"]}
    stats = {s: [0, 0, 0.0] for s in streams}

    def stay(stream: dict[str, Any]) -> float:
        mean, sd = stream["stay_days"]["mean"], stream["stay_days"]["sd"]
        sigma2 = math.log1p((sd / mean) ** 2)
        return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))

    def person(stream_id: str) -> Any:
        stream = streams[stream_id]
        arrived = env.now
        stats[stream_id][0] += 1
        pool = pools[stream["eligible_pools"][0]]
        if pool is None:
            stats[stream_id][1] += 1
            return
        if len(pool.users) >= pool.capacity or pool.queue:
            stats[stream_id][1] += 1
        with pool.request() as place:
            yield place
            stats[stream_id][2] += env.now - arrived
            yield env.timeout(stay(stream))
        for onward in stream.get("next", []):
            if rng.random() < onward["probability"]:
                env.process(person(onward["stream"]))

    def arrivals(stream_id: str) -> Any:
        rate = streams[stream_id]["arrivals_per_day"]
        while True:
            yield env.timeout(rng.expovariate(rate))
            env.process(person(stream_id))

    for stream_id, stream in streams.items():
        if stream["arrivals_per_day"] > 0:
            env.process(arrivals(stream_id))
    env.run(until=model["horizon_days"])
    return {s: (int(a), int(w), t) for s, (a, w, t) in stats.items()}


def timed(function: Any, *args: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--simpy-replications", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs of our simulation; the best is reported")
    options = parser.parse_args()
    model = national_model(options.replications)
    runs = [timed(simulate, model) for _ in range(options.repeat)]
    ours, wall, cpu = min(runs, key=lambda run: run[1])
    streams = ours["streams"]
    people = sum(s["arrivals"] for s in streams.values()) * options.replications
    print(
        f"model: {len(model['pools'])} pools, {len(model['streams'])} streams, {HORIZON_DAYS} days, "
        f"{options.replications} replications, {people:,.0f} people in all"
    )
    print(f"opvangnet simulate: wall {wall:.2f} s (best of {options.repeat}), CPU {cpu:.2f} s")

    simpy_results = []
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    for replication in range(options.simpy_replications):
        simpy_results.append(simpy_run(model, replication))
    simpy_wall = (time.perf_counter() - began_wall) * options.replications / options.simpy_replications
    simpy_cpu = (time.process_time() - began_cpu) * options.replications / options.simpy_replications
    scaled = (
        f" (scaled from {options.simpy_replications} replications)"
        if (options.simpy_replications != options.replications)
        else ""
    )
    print(f"SimPy, same model:  wall {simpy_wall:.2f} s, CPU {simpy_cpu:.2f} s{scaled}")
    print(f"speed ratio (SimPy / ours): wall {simpy_wall / wall:.1f}x, CPU {simpy_cpu / cpu:.1f}x")

    for care in CARE:
        ids = [s["id"] for s in model["streams"] if s["care_type"] == care]
        arrivals_ours = sum(streams[i]["arrivals"] for i in ids)
        waited_ours = sum(streams[i]["arrivals"] * streams[i]["p_wait"] for i in ids) / max(
            arrivals_ours, 1e-9
        )
        # The same estimator on both sides: per stream the mean over replications of the share that waited,
        # weighted by the stream's mean arrivals (a ratio of sums would weigh busy replications more).
        arrivals_simpy = statistics.mean(sum(r[i][0] for i in ids) for r in simpy_results)
        per_stream = {
            i: (
                statistics.mean(r[i][0] for r in simpy_results),
                statistics.mean(r[i][1] / r[i][0] for r in simpy_results if r[i][0]),
            )
            for i in ids
        }
        waited_simpy = sum(n * share for n, share in per_stream.values()) / max(arrivals_simpy, 1e-9)
        print(
            f"  {care:<13} arrivals/yr ours {arrivals_ours:7.1f} SimPy {arrivals_simpy:7.1f}   "
            f"share waiting ours {waited_ours:.3f} SimPy {waited_simpy:.3f}"
        )


if __name__ == "__main__":
    main()
