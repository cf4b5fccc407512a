"""What is needed: the fewest extra places per pool so that every waiting-time target holds.

Pure: imports nothing from Django (a test checks it). Input is the `simulate` input plus `targets`, and
optionally `cost_per_place_day` (per care type) and `max_extra_per_pool` (default 50); see `docs/cli.md`.

How. (1) A first guess per pool by Erlang C: each stream's arrivals (with those moving on from upstream)
counted at its first eligible pool, the places that pool needs for the strictest target on those streams.
(2) Simulation with common random numbers: while a target fails, add one place to the busiest pool the
failing stream may use. (3) Trim: for every pool with extra places, the smallest number that still meets
every target, the others fixed; repeated until no pool can give up a place. So the answer is minimal in the
sense that one place fewer in any named pool fails some target in the same simulation (same seeds).
For one pool and one stream with exponential stays and a constant rate, Erlang C is exact and is the answer.
Finally the plan is simulated at 80 % and 120 % of the demand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from opvangnet.planning import erlang
from opvangnet.planning.simulate import (
    ContractError,
    Engine,
    Model,
    Progress,
    Result,
    _list,
    _number,
    _object,
    _text,
    _whole,
    apply_levers,
    parse_model,
)

DEFAULT_MAX_EXTRA = 50
DEMAND_VARIANTS = (("-20%", 0.8), ("+20%", 1.2))
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class Target:
    stream: str
    within_days: float
    share: float


@dataclass(frozen=True)
class PlanInput:
    model: Model
    targets: tuple[Target, ...]
    cost_per_place_day: Mapping[str, float] | None
    max_extra_per_pool: int


def parse_plan(data: Any) -> PlanInput:
    """A `PlanInput` from the `plan` input; raises `ContractError` naming the field."""
    data = _object(data, "")
    model = parse_model(data)
    stream_ids = {s.id for s in model.streams}
    targets = []
    for index, item in enumerate(_list(data.get("targets", []), "targets")):
        entry = _object(item, f"targets[{index}]")
        prefix = f"targets[{index}]."
        stream = _text(entry, "stream", prefix)
        if stream not in stream_ids:
            raise ContractError(f"{prefix}stream", f"unknown stream {stream!r}")
        share = _number(entry, "share", prefix, above=True)
        if share > 1:
            raise ContractError(f"{prefix}share", f"must be at most 1, not {share:g}")
        targets.append(Target(stream, _number(entry, "within_days", prefix), share))
    cost = None
    if data.get("cost_per_place_day") is not None:
        raw = _object(data["cost_per_place_day"], "cost_per_place_day")
        cost = {care: _number(raw, care, "cost_per_place_day.") for care in raw}
    max_extra = (
        _whole(data, "max_extra_per_pool", "", maximum=10_000)
        if "max_extra_per_pool" in data
        else DEFAULT_MAX_EXTRA
    )
    within = tuple(sorted({*model.within_days, *(t.within_days for t in targets)}))
    model = replace(model, within_days=within)
    return PlanInput(model, tuple(targets), cost, max_extra)


# --- the first guess --------------------------------------------------------------------------------------


def _effective_rates(model: Model) -> dict[str, float]:
    """Arrivals per day of each stream including those moving on into it (all are placed in the long run)."""
    rates = {
        s.id: s.arrivals_per_day * (sum(s.seasonality) / 12 if s.seasonality else 1.0) for s in model.streams
    }
    by_id = {s.id: s for s in model.streams}
    # The onward flow is acyclic (parse_model refuses cycles): settle it by depth-first order.
    order: list[str] = []
    seen: set[str] = set()

    def visit(stream_id: str) -> None:
        if stream_id in seen:
            return
        seen.add(stream_id)
        for onward in by_id[stream_id].next:
            visit(onward.stream)
        order.append(stream_id)

    for stream in model.streams:
        visit(stream.id)
    for stream_id in reversed(order):
        for onward in by_id[stream_id].next:
            rates[onward.stream] += rates[stream_id] * onward.probability
    return rates


def analytic_guess(plan_input: PlanInput) -> dict[str, int | None]:
    """Places needed per pool by Erlang C (None: more than any number up to the cap helps), before
    subtracting today's capacity. A pool whose streams have no target needs what it has."""
    model = apply_levers(plan_input.model)
    rates = _effective_rates(model)
    load: dict[str, float] = {p.id: 0.0 for p in model.pools}
    stay_load: dict[str, float] = {p.id: 0.0 for p in model.pools}
    home = {s.id: s.eligible_pools[0] for s in model.streams}
    stays = {s.id: s.stay.mean for s in model.streams}
    for stream in model.streams:
        load[home[stream.id]] += rates[stream.id]
        stay_load[home[stream.id]] += rates[stream.id] * stays[stream.id]
    needed: dict[str, int | None] = {p.id: p.capacity for p in model.pools}
    limit = {p.id: p.capacity + plan_input.max_extra_per_pool for p in model.pools}
    for target in plan_input.targets:
        pool = home[target.stream]
        if load[pool] <= 0:
            continue
        mean_stay = stay_load[pool] / load[pool]
        places = erlang.smallest_places(load[pool], mean_stay, target.within_days, target.share, limit[pool])
        current = needed[pool]
        needed[pool] = None if places is None or current is None else max(current, places)
    return needed


# --- the search -------------------------------------------------------------------------------------------


class _Search:
    def __init__(self, plan_input: PlanInput, report: Callable[[str, float], None]) -> None:
        self.input = plan_input
        self.engine = Engine(plan_input.model)
        self.base = {p.id: p.capacity for p in self.engine.model.pools}
        self.pool_ids = [p.id for p in self.engine.model.pools]
        self.eligible = {s.id: s.eligible_pools for s in self.engine.model.streams}
        self.report = report

    def run(self, extra: Mapping[str, int]) -> Result:
        return self.engine.run({p: self.base[p] + extra.get(p, 0) for p in self.pool_ids})

    def failures(self, result: Result) -> list[tuple[float, Target]]:
        failed = []
        for target in self.input.targets:
            achieved, _ = result.share_within(target.stream, target.within_days)
            if achieved < target.share:
                failed.append((target.share - achieved, target))
        return failed

    def meets(self, extra: Mapping[str, int]) -> bool:
        return not self.failures(self.run(extra))

    def grow(self, extra: dict[str, int]) -> tuple[Result, list[tuple[float, Target]]]:
        """Add places one by one where a target fails, until all hold or no eligible pool may grow."""
        cap = self.input.max_extra_per_pool
        while True:
            result = self.run(extra)
            failed = self.failures(result)
            self.report("grow", 0.0)
            if not failed:
                return result, []
            growable: list[str] = []
            for _shortfall, target in sorted(failed, key=lambda f: -f[0]):
                growable = [p for p in self.eligible[target.stream] if extra.get(p, 0) < cap]
                if growable:
                    break
            if not growable:
                return result, failed

            def busy(pool: str, result: Result = result) -> float:
                stats = result.pools[pool]
                return float(stats["occupancy"].mean()) if self.base[pool] + extra.get(pool, 0) else 2.0

            pool = max(growable, key=busy)
            extra[pool] = extra.get(pool, 0) + 1

    def trim(self, extra: dict[str, int]) -> None:
        """Lower each pool's extra places to the fewest that still meet every target; repeat until stable."""
        changed = True
        while changed:
            changed = False
            named = [p for p in self.pool_ids if extra.get(p, 0) > 0]
            for number, pool in enumerate(named):
                self.report("trim", number / max(len(named), 1))
                high = extra[pool]
                if not self.meets({**extra, pool: high - 1}):
                    continue
                changed = True
                if self.meets({**extra, pool: 0}):
                    extra[pool] = 0
                    continue
                low, high = 1, high - 1
                while low < high:
                    middle = (low + high) // 2
                    if self.meets({**extra, pool: middle}):
                        high = middle
                    else:
                        low = middle + 1
                extra[pool] = high


def _exact_case(plan_input: PlanInput) -> bool:
    model = apply_levers(plan_input.model)
    if len(model.pools) != 1 or len(model.streams) != 1:
        return False
    stream = model.streams[0]
    return stream.stay.dist == "exponential" and stream.seasonality is None and not stream.next


def _target_rows(plan_input: PlanInput, result: Result) -> list[dict[str, Any]]:
    rows = []
    for target in plan_input.targets:
        achieved, half = result.share_within(target.stream, target.within_days)
        rows.append(
            {
                "stream": target.stream,
                "within_days": target.within_days,
                "share": target.share,
                "achieved": round(achieved, 6),
                "achieved_ci": round(half, 6),
                "met": achieved >= target.share,
            }
        )
    return rows


def plan(data: Any, *, progress: Progress | None = None) -> dict[str, Any]:
    """The `plan` contract: input dict in, output dict out. Raises `ContractError` on bad input."""
    plan_input = parse_plan(data)
    phases = {"grow": (0, 30), "trim": (30, 85), "demand": (85, 100)}

    def report(phase: str, fraction: float) -> None:
        if progress is not None:
            low, high = phases[phase]
            progress(int(low + (high - low) * min(max(fraction, 0.0), 1.0)), 100)

    search = _Search(plan_input, report)
    needed = analytic_guess(plan_input)
    cap = plan_input.max_extra_per_pool
    analytic = {
        pool: min(cap, (places if places is not None else search.base[pool] + cap) - search.base[pool])
        for pool, places in needed.items()
    }
    analytic = {pool: extra for pool, extra in analytic.items() if extra > 0}
    extra = dict(analytic)
    if _exact_case(plan_input):
        result = search.run(extra)
        target = plan_input.targets
        pool = search.pool_ids[0]
        stream = plan_input.model.streams[0]
        places = search.base[pool] + extra.get(pool, 0)
        failed = [
            t
            for t in target
            if erlang.share_placed_within(places, stream.arrivals_per_day, stream.stay.mean, t.within_days)
            < t.share
        ]
        method = "erlang_c"
    else:
        result, failures = search.grow(extra)
        if not failures:
            search.trim(extra)
            result = search.run(extra)
        failed = [t for _, t in search.failures(result)]
        method = "simulation"
    report("demand", 0.0)
    capacities = {p: search.base[p] + extra.get(p, 0) for p in search.pool_ids}
    sensitivity = {}
    for label, factor in DEMAND_VARIANTS:
        variant = Engine(plan_input.model, demand=factor).run(capacities)
        rows = _target_rows(plan_input, variant)
        sensitivity[label] = {
            "demand_factor": factor,
            "meets_targets": all(r["met"] for r in rows),
            "targets": rows,
            "result": variant.to_json(),
        }
        report("demand", 0.5 if factor < 1 else 1.0)
    named = {pool: extra[pool] for pool in search.pool_ids if extra.get(pool, 0) > 0}
    pools = {p.id: p for p in plan_input.model.pools}
    cost = None
    missing: list[str] = []
    if plan_input.cost_per_place_day is not None:
        cost = 0.0
        for pool, count in named.items():
            care_type = pools[pool].care_type
            if care_type in plan_input.cost_per_place_day:
                cost += count * plan_input.cost_per_place_day[care_type] * DAYS_PER_YEAR
            elif care_type not in missing:
                missing.append(care_type)
    output: dict[str, Any] = {
        "extra": named,
        "analytic": analytic,
        "capacity": {pool: capacities[pool] for pool in named},
        "meets_targets": not failed,
        "failed_targets": [
            {"stream": t.stream, "within_days": t.within_days, "share": t.share} for t in failed
        ],
        "targets": _target_rows(plan_input, result),
        "cost_per_year": round(cost, 2) if cost is not None else None,
        "method": method,
        "simulations": search.engine.runs,
        "result": result.to_json(),
        "sensitivity": sensitivity,
    }
    if missing:
        output["cost_missing_care_types"] = missing
    return output
