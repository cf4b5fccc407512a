"""Placement engine benchmark: `python -m benchmarks.placement_bench [--seed N] [--quick]`. See README.md.

A synthetic country: the 35 care regions with their centres, offers with the mix of the Netherlands (mostly
for women and for sexual exploitation, little for men, minors and addiction) and requests. At the country's
size (5,000 offers, 2,000 requests) and at ten times it (50,000 offers, 20,000 requests): `match` per request
over all offers beside a plain NumPy filter of the same ten rules, and `assign` (in a fresh process, for
its peak memory) against a first-come-first-served greedy baseline and, at the small size, the LP bound (for
bipartite assignment the LP relaxation is integral, so its bound on the number placed is the max-flow value).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from opvangnet.placement.engine import (
    CARE_TYPES,
    GENDERS,
    Offer,
    OfferColumns,
    RegionPoint,
    Request,
    assign,
    greedy_assign,
    match,
)
from opvangnet.placement.engine.assignment import fitting_arcs

REGIONS_CSV = Path(__file__).resolve().parents[1] / "src/opvangnet/regions/data/care_regions.csv"
# The large cities send more requests (and have more offers).
BIG_REGIONS = {"VO04": 4.0, "VO28": 3.5, "VO17": 3.0, "VO30": 2.5, "VO13": 2.0, "VO18": 1.5, "VO06": 1.5}
OTHER_LANGUAGES = ["ro", "pl", "bg", "hu", "uk", "ar", "ti", "es", "pt", "fr", "vi", "zh", "ng", "th"]


@dataclass
class Instance:
    regions: dict[str, RegionPoint]
    offers: list[Offer]
    requests: list[Request]


def load_regions() -> dict[str, RegionPoint]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return {
            row["code"]: RegionPoint(float(row["lon"]), float(row["lat"])) for row in csv.DictReader(handle)
        }


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _subset(rng: random.Random, chances: dict[str, float]) -> set[str]:
    return {value for value, chance in chances.items() if rng.random() < chance}


def make_offer(rng: random.Random, index: int, codes: list[str], weights: list[float]) -> Offer:
    care_type = _pick(rng, {"crisis": 0.25, "long_term": 0.25, "transitional": 0.2, "ambulant": 0.3})
    exploitation = _subset(rng, {"sexual": 0.85, "labour": 0.45, "criminal": 0.35, "other": 0.3}) or {
        "sexual"
    }
    genders = {
        "women": {"woman"},
        "men": {"man"},
        "all": {"woman", "man", "non_binary"},
        "women_nb": {"woman", "non_binary"},
    }[_pick(rng, {"women": 0.62, "men": 0.08, "all": 0.22, "women_nb": 0.08})]
    min_age, max_age = {
        "adults": (18, 120),
        "young": (18, 23),
        "minors": (12, 17),
        "from16": (16, 120),
    }[_pick(rng, {"adults": 0.8, "young": 0.07, "minors": 0.05, "from16": 0.08})]
    needs = _subset(
        rng,
        {
            "addiction": 0.1,
            "psychiatric": 0.3,
            "intellectual_disability": 0.25,
            "physical_disability": 0.2,
            "pregnancy": 0.3 if "woman" in genders else 0.0,
            "no_residence_status": 0.6,
        },
    )
    languages = {"nl", "en"} | set(rng.sample(OTHER_LANGUAGES, rng.choice([0, 0, 1, 1, 2])))
    return Offer(
        id=f"O{index:05d}",
        region=rng.choices(codes, weights=weights)[0],
        care_type=care_type,
        exploitation=frozenset(exploitation),
        genders=frozenset(genders),
        min_age=min_age,
        max_age=max_age,
        children="woman" in genders and care_type != "ambulant" and rng.random() < 0.35,
        needs_supported=frozenset(needs),
        languages=frozenset(languages),
        security="high" if rng.random() < 0.2 else "standard",
        free_places=int(_pick(rng, {"0": 0.55, "1": 0.28, "2": 0.11, "3": 0.04, "5": 0.02})),
    )


def make_request(rng: random.Random, index: int, codes: list[str], weights: list[float]) -> Request:
    gender = _pick(rng, {"woman": 0.64, "man": 0.34, "non_binary": 0.02})
    exploitation = {_pick(rng, {"sexual": 0.5, "labour": 0.33, "criminal": 0.12, "other": 0.05})}
    if rng.random() < 0.1:
        exploitation.add(_pick(rng, {"labour": 0.5, "criminal": 0.5}))
    band = _pick(rng, {"minor": 0.12, "young": 0.3, "adult": 0.58})
    age = {"minor": rng.randint(14, 17), "young": rng.randint(18, 23), "adult": rng.randint(24, 58)}[band]
    needs = _subset(
        rng,
        {
            "addiction": 0.12,
            "psychiatric": 0.25,
            "intellectual_disability": 0.15,
            "physical_disability": 0.05,
            "pregnancy": 0.08 if gender == "woman" else 0.0,
            "no_residence_status": 0.45,
        },
    )
    home = rng.choices(codes, weights=weights)[0]
    avoid = {rng.choice([c for c in codes if c != home])} if rng.random() < 0.2 else set()
    languages = set(rng.sample(OTHER_LANGUAGES, 1)) if rng.random() < 0.7 else {"nl"}
    if rng.random() < 0.4:
        languages.add("en")
    return Request(
        id=f"R{index:05d}",
        care_type=_pick(rng, {"crisis": 0.4, "long_term": 0.25, "transitional": 0.15, "ambulant": 0.2}),
        exploitation=frozenset(exploitation),
        gender=gender,
        age=age,
        with_children=rng.choice([1, 1, 2, 3]) if gender == "woman" and rng.random() < 0.15 else 0,
        needs=frozenset(needs),
        languages=frozenset(languages),
        security="high" if rng.random() < 0.15 else "standard",
        home_region=home,
        avoid_regions=frozenset(avoid),
        urgency=_pick(rng, {"today": 0.4, "week": 0.4, "planned": 0.2}),
        priority=int(_pick(rng, {"0": 0.5, "1": 0.3, "2": 0.15, "3": 0.05})),
    )


def synthetic_instance(seed: int = 1, offers: int = 5000, requests: int = 2000) -> Instance:
    rng = random.Random(seed)
    regions = load_regions()
    codes = list(regions)
    weights = [BIG_REGIONS.get(code, 1.0) for code in codes]
    return Instance(
        regions=regions,
        offers=[make_offer(rng, i, codes, weights) for i in range(offers)],
        requests=[make_request(rng, i, codes, weights) for i in range(requests)],
    )


def lp_bound(instance: Instance) -> int:
    """The maximum number that can be placed: the max-flow value, which is the LP relaxation's optimum."""
    from ortools.graph.python import max_flow

    arcs = fitting_arcs(instance.requests, instance.offers, instance.regions)
    n_requests = len(instance.requests)
    source, sink = n_requests + len(instance.offers), n_requests + len(instance.offers) + 1
    flow = max_flow.SimpleMaxFlow()
    requests = np.arange(n_requests)
    offers = np.arange(len(instance.offers))
    tails = np.concatenate([np.full(n_requests, source), arcs.request, n_requests + offers]).astype(np.int32)
    heads = np.concatenate([requests, n_requests + arcs.offer, np.full(len(offers), sink)]).astype(np.int32)
    free = np.array([offer.free_places for offer in instance.offers], dtype=np.int64)
    capacities = np.concatenate([np.ones(n_requests + len(arcs), dtype=np.int64), free])
    flow.add_arcs_with_capacity(tails, heads, capacities)
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow not solved")
    return int(flow.optimal_flow())


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def numpy_filter(columns: OfferColumns, request: Request) -> npt.NDArray[np.bool_]:
    """The ten rules as one plain NumPy expression over prebuilt arrays: which offers fit, nothing else (no
    why-not, no score, no order). The floor that `match` is compared with."""
    avoided = np.array([code in request.avoid_regions for code in columns.region_codes], dtype=bool)
    needs = request.needs_mask
    fit = (
        (columns.care == CARE_TYPES.index(request.care_type))
        & ((columns.exploitation & request.exploitation_mask) != 0)
        & ((columns.genders & (1 << GENDERS.index(request.gender))) != 0)
        & (columns.min_age <= request.age)
        & (request.age <= columns.max_age)
        & (columns.children | (request.with_children == 0))
        & ((columns.needs & needs) == needs)
        & (columns.high | (request.security != "high"))
        & ~avoided[columns.region]
        & ((columns.route & OfferColumns.admitted_routes(request)) != 0)
        & (columns.free >= 1)
    )
    return fit


def _timed(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    action()  # warm up
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def bench_match(instance: Instance, runs: int) -> list[str]:
    """Per request, over all offers as columns built once: wall-clock and CPU time in ms."""
    columns = OfferColumns(instance.offers)
    requests = instance.requests[:runs]
    size = f"{len(instance.offers):,} offers"
    rows = []
    results = {}

    def each(action: Callable[[Request], object]) -> Callable[[], None]:
        position = iter(range(10**9))

        def one() -> None:
            action(requests[next(position) % len(requests)])

        return one

    def full(request: Request) -> None:
        result = match(request, columns, instance.regions)
        for _ in result.candidates:
            pass
        for _ in result.excluded:
            pass

    measured = {
        "match: order, scores, why-not of every offer": each(lambda r: match(r, columns, instance.regions)),
        "match + every entry read": each(full),
        "match + JSON of the contract": each(lambda r: match(r, columns, instance.regions).to_json()),
        "plain NumPy filter of the ten rules": each(lambda r: numpy_filter(columns, r)),
    }
    for label, action in measured.items():
        wall, cpu = _timed(action, runs)
        results[label] = (statistics.median(cpu), percentile(cpu, 0.95))
        rows.append(
            f"| {label}, {size} | {runs} | {statistics.median(wall):.2f} | {percentile(wall, 0.95):.2f} | "
            f"{statistics.median(cpu):.2f} | {percentile(cpu, 0.95):.2f} |"
        )
    # On a shared machine the wall-clock times carry other work; the ratio is of CPU times.
    ours, plain = (
        results["match: order, scores, why-not of every offer"],
        results["plain NumPy filter of the ten rules"],
    )
    median_ratio, p95_ratio = ours[0] / plain[0], ours[1] / plain[1]
    rows.append(f"| match ÷ plain filter (CPU), {size} | | | | {median_ratio:.0f}× | {p95_ratio:.0f}× |")
    fitting = statistics.median(len(match(r, columns, instance.regions).candidates) for r in requests)
    rows.append(f"| median candidates per request, {size} | | {fitting:.0f} | | | |")
    return rows


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def assign_child(seed: int, requests: int, offers: int, with_bound: bool) -> None:
    """Run in a fresh process, so that its peak memory is the assignment's: prints one JSON line."""
    instance = synthetic_instance(seed, offers=offers, requests=requests)
    assign(instance.requests[:10], instance.offers[:10], instance.regions)  # import the solver once
    before = _rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    result = assign(instance.requests, instance.offers, instance.regions)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    by_id = {request.id: request.priority for request in instance.requests}
    greedy_started = time.perf_counter()
    greedy = len(greedy_assign(instance.requests, instance.offers, instance.regions))
    greedy_seconds = time.perf_counter() - greedy_started
    report = {
        "requests": requests,
        "offers": offers,
        "places": sum(offer.free_places for offer in instance.offers),
        "placed": result.placed,
        "priority": sum(by_id[a.request] for a in result.assignments),
        "optimal": result.optimal,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rss_before_mb": before,
        "rss_peak_mb": peak,
        "greedy": greedy,
        "greedy_seconds": greedy_seconds,
        "bound": lp_bound(instance) if with_bound else None,
    }
    print(json.dumps(report))


def bench_assign(seed: int, requests: int, offers: int, with_bound: bool) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.placement_bench", "--seed", str(seed)]
    command += ["--assign-child", f"{requests},{offers}"] + (["--bound"] if with_bound else [])
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - ours
    r = json.loads(output.strip().splitlines()[-1])
    own = r["rss_peak_mb"] - r["rss_before_mb"]
    rows = [
        f"{r['requests']:,} requests × {r['offers']:,} offers, {r['places']:,} free places",
        "",
        "| what | placed | priority placed | seconds (CPU) | peak memory | optimal |",
        "|---|---|---|---|---|---|",
        f"| assign: classes, subset, proof | {r['placed']:,} | {r['priority']:,} | {r['seconds']:.1f} "
        f"({r['cpu_seconds']:.1f}) | {own:,.0f} MB (process {r['rss_peak_mb']:,.0f} MB) | {r['optimal']} |",
        f"| greedy, first come first served | {r['greedy']:,} | | {r['greedy_seconds']:.1f} | | |",
    ]
    if r["bound"] is not None:
        rows.append(f"| LP bound (max flow) | {r['bound']:,} | | | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200, help="requests to match")
    parser.add_argument("--quick", action="store_true", help="only the country's size (5,000 offers)")
    parser.add_argument("--assign-child", help=argparse.SUPPRESS)
    parser.add_argument("--bound", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.assign_child:
        requests, offers = (int(n) for n in args.assign_child.split(","))
        assign_child(args.seed, requests, offers, args.bound)
        return
    sizes = [(2000, 5000)] if args.quick else [(2000, 5000), (20000, 50000)]
    for requests, offers in sizes:
        started = time.perf_counter()
        instance = synthetic_instance(args.seed, offers=offers, requests=max(requests, args.runs))
        print(f"instance built in {time.perf_counter() - started:.1f} s (seed {args.seed})\n")
        print("| what (ms per request) | requests | median | p95 | CPU median | CPU p95 |")
        print("|---|---|---|---|---|---|")
        print("\n".join(bench_match(instance, args.runs)))
        print()
        del instance
        print("\n".join(bench_assign(args.seed, requests, offers, with_bound=offers <= 5000)))
        print(flush=True)


if __name__ == "__main__":
    main()
