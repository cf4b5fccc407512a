"""Flow simulation of shelter places: who arrives, who waits, for how long, and how full each pool is.

Pure: this module imports nothing from Django (a test checks it), only NumPy and the standard library. It
takes the plain `simulate` input of `docs/cli.md` and gives plain output; the command line, `plan` and the
web app's background task all call `simulate` or `Engine`.

The model. A *pool* is a number of places of one care type in one region. A *stream* is a flow of people who
need a place in one of its eligible pools: they arrive as a Poisson process (optionally with a rate per
calendar month), wait first-come first-served until any eligible pool has a place, stay for a drawn number of
days (exponential, lognormal or fixed) and then leave or, with a given probability, move on to another stream
(crisis → long-term → transitional).

The method. Under first-come first-served, when each person takes the eligible place that frees first (home
region first on a tie), person n's start depends only on the people who arrived before n: those after n never
take a place that n could use while n waits. So the start of every person follows from one pass in order of
arrival, keeping the time at which each place frees next (the Kiefer–Wolfowitz recursion). That pass is done
for all replications at once with NumPy arrays (one row per replication), which is what makes this fast.
Pools that no stream links are simulated apart; people moving on feed the next group of pools, which is
simulated after the one they leave (the flow between groups must therefore be acyclic: refused otherwise).

Random numbers come from one generator per stream and purpose, seeded by (`seed`, stream, purpose), and are
tied to the person's place in the arrival order: with the same seed, two runs with different capacities see
the same arrivals and lengths of stay (common random numbers), so a difference between them is the effect of
the capacity, not noise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

CARE_TYPES = ("crisis", "long_term", "transitional", "ambulant")
DISTRIBUTIONS = ("exponential", "lognormal", "fixed")
DEFAULT_WITHIN_DAYS = (0.0, 1.0, 7.0, 14.0, 30.0)
MAX_REPLICATIONS = 10_000
MAX_HORIZON_DAYS = 1_000_000
# Days per month of a 365-day year, for seasonality (leap days do not matter at this resolution).
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

Progress = Callable[[int, int], None]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom; beyond, 1.96 + 2.4/df is within 0.002.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t975(degrees_of_freedom: int) -> float:
    if degrees_of_freedom < 1:
        return math.nan
    if degrees_of_freedom <= len(_T975):
        return _T975[degrees_of_freedom - 1]
    return 1.96 + 2.4 / degrees_of_freedom


class ContractError(ValueError):
    """Input that breaks the contract; `field` names where, e.g. `streams[2].stay_days.mean`."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


# --- the model --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stay:
    dist: str
    mean: float
    sd: float = 0.0

    def scaled(self, factor: float) -> Stay:
        return Stay(self.dist, self.mean * factor, self.sd * factor)


@dataclass(frozen=True)
class Pool:
    id: str
    region: str
    care_type: str
    capacity: int
    # Target groups the pool takes (e.g. ["woman"]); None: everyone.
    groups: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Onward:
    stream: str
    probability: float


@dataclass(frozen=True)
class Stream:
    id: str
    region: str
    arrivals_per_day: float
    stay: Stay
    eligible_pools: tuple[str, ...]
    next: tuple[Onward, ...] = ()
    # Twelve multipliers of the rate, January first; None: the same rate all year.
    seasonality: tuple[float, ...] | None = None
    care_type: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Levers:
    """Policy levers: crisis places open to men, places shared with neighbouring regions, shorter stays."""

    open_crisis_to_men: bool = False
    pool_with_neighbours: bool = False
    stay_factor: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Model:
    horizon_days: float
    warmup_days: float
    replications: int
    seed: int
    pools: tuple[Pool, ...]
    streams: tuple[Stream, ...]
    within_days: tuple[float, ...] = DEFAULT_WITHIN_DAYS
    start_month: int = 1
    neighbours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    levers: Levers = field(default_factory=Levers)

    def with_capacities(self, capacities: Mapping[str, int]) -> Model:
        pools = tuple(replace(p, capacity=capacities.get(p.id, p.capacity)) for p in self.pools)
        return replace(self, pools=pools)


# --- parsing ----------------------------------------------------------------------------------------------


def _get(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise ContractError(f"{path}{key}", "missing")
    return data[key]


def _number(
    data: Mapping[str, Any], key: str, path: str, *, minimum: float = 0.0, above: bool = False
) -> float:
    value = _get(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ContractError(f"{path}{key}", f"must be a number, not {value!r}")
    if value < minimum or (above and value == minimum):
        relation = "above" if above else "at least"
        raise ContractError(f"{path}{key}", f"must be {relation} {minimum:g}, not {value!r}")
    return float(value)


def _whole(
    data: Mapping[str, Any], key: str, path: str, *, minimum: int = 0, maximum: int | None = None
) -> int:
    value = _get(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContractError(f"{path}{key}", f"must be a whole number, not {value!r}")
    if value < minimum:
        raise ContractError(f"{path}{key}", f"must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ContractError(f"{path}{key}", f"must be at most {maximum}, not {value}")
    return value


def _text(data: Mapping[str, Any], key: str, path: str) -> str:
    value = _get(data, key, path)
    if not isinstance(value, str) or not value:
        raise ContractError(f"{path}{key}", f"must be a non-empty string, not {value!r}")
    return value


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ContractError(path or "input", f"must be an object, not {type(value).__name__}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ContractError(path, f"must be a list, not {type(value).__name__}")
    return value


def _parse_stay(value: Any, path: str) -> Stay:
    data = _object(value, path)
    dist = _text(data, "dist", f"{path}.")
    if dist not in DISTRIBUTIONS:
        raise ContractError(
            f"{path}.dist", f"unknown value {dist!r}; expected one of {', '.join(DISTRIBUTIONS)}"
        )
    mean = _number(data, "mean", f"{path}.", above=True)
    sd = _number(data, "sd", f"{path}.", above=True) if dist == "lognormal" else 0.0
    return Stay(dist, mean, sd)


def _parse_pool(value: Any, path: str) -> Pool:
    data = _object(value, path)
    prefix = f"{path}."
    care_type = _text(data, "care_type", prefix)
    if care_type not in CARE_TYPES:
        raise ContractError(
            f"{prefix}care_type", f"unknown value {care_type!r}; expected one of {', '.join(CARE_TYPES)}"
        )
    groups = None
    if data.get("groups") is not None:
        raw = _list(data["groups"], f"{prefix}groups")
        if not all(isinstance(g, str) and g for g in raw):
            raise ContractError(f"{prefix}groups", "must be a list of non-empty strings")
        groups = tuple(raw)
    return Pool(
        id=_text(data, "id", prefix),
        region=_text(data, "region", prefix),
        care_type=care_type,
        capacity=_whole(data, "capacity", prefix, maximum=1_000_000),
        groups=groups,
    )


def _parse_stream(value: Any, path: str, pool_ids: set[str]) -> Stream:
    data = _object(value, path)
    prefix = f"{path}."
    eligible = _list(_get(data, "eligible_pools", prefix), f"{prefix}eligible_pools")
    if not eligible:
        raise ContractError(f"{prefix}eligible_pools", "must name at least one pool")
    for index, pool in enumerate(eligible):
        if pool not in pool_ids:
            raise ContractError(f"{prefix}eligible_pools[{index}]", f"unknown pool {pool!r}")
    if len(set(eligible)) != len(eligible):
        raise ContractError(f"{prefix}eligible_pools", "names a pool twice")
    onward = []
    total = 0.0
    for index, item in enumerate(_list(data.get("next", []), f"{prefix}next")):
        entry = _object(item, f"{prefix}next[{index}]")
        probability = _number(entry, "probability", f"{prefix}next[{index}].")
        if probability > 1:
            raise ContractError(f"{prefix}next[{index}].probability", f"must be at most 1, not {probability}")
        total += probability
        onward.append(Onward(_text(entry, "stream", f"{prefix}next[{index}]."), probability))
    if total > 1 + 1e-9:
        raise ContractError(f"{prefix}next", f"probabilities add up to {total:g}, more than 1")
    seasonality = None
    if data.get("seasonality") is not None:
        raw = _list(data["seasonality"], f"{prefix}seasonality")
        if len(raw) != 12:
            raise ContractError(f"{prefix}seasonality", f"must have 12 monthly factors, not {len(raw)}")
        seasonality = tuple(_number({"v": v}, "v", f"{prefix}seasonality[{i}]") for i, v in enumerate(raw))
    care_type = data.get("care_type")
    if care_type is not None and care_type not in CARE_TYPES:
        raise ContractError(
            f"{prefix}care_type", f"unknown value {care_type!r}; expected one of {', '.join(CARE_TYPES)}"
        )
    group = data.get("group")
    if group is not None and (not isinstance(group, str) or not group):
        raise ContractError(f"{prefix}group", f"must be a non-empty string, not {group!r}")
    return Stream(
        id=_text(data, "id", prefix),
        region=_text(data, "region", prefix),
        arrivals_per_day=_number(data, "arrivals_per_day", prefix),
        stay=_parse_stay(_get(data, "stay_days", prefix), f"{prefix}stay_days"),
        eligible_pools=tuple(eligible),
        next=tuple(onward),
        seasonality=seasonality,
        care_type=care_type,
        group=group,
    )


def _parse_levers(value: Any) -> Levers:
    data = _object(value, "levers")
    known = {"open_crisis_to_men", "pool_with_neighbours", "stay_factor"}
    for key in data:
        if key not in known:
            raise ContractError(f"levers.{key}", f"unknown lever; expected one of {', '.join(sorted(known))}")
    for key in ("open_crisis_to_men", "pool_with_neighbours"):
        if key in data and not isinstance(data[key], bool):
            raise ContractError(f"levers.{key}", f"must be true or false, not {data[key]!r}")
    factors = _object(data.get("stay_factor", {}), "levers.stay_factor")
    for care_type in factors:
        if care_type not in CARE_TYPES:
            raise ContractError(f"levers.stay_factor.{care_type}", "unknown care type")
    return Levers(
        open_crisis_to_men=bool(data.get("open_crisis_to_men", False)),
        pool_with_neighbours=bool(data.get("pool_with_neighbours", False)),
        stay_factor={c: _number(factors, c, "levers.stay_factor.", above=True) for c in factors},
    )


def parse_model(data: Any) -> Model:
    """A `Model` from the `simulate` input (a dict from JSON); raises `ContractError` naming the field."""
    data = _object(data, "")
    horizon = _number(data, "horizon_days", "", above=True)
    if horizon > MAX_HORIZON_DAYS:
        raise ContractError("horizon_days", f"must be at most {MAX_HORIZON_DAYS}, not {horizon:g}")
    warmup = _number(data, "warmup_days", "")
    if warmup >= horizon:
        raise ContractError("warmup_days", f"must be less than horizon_days ({horizon:g}), not {warmup:g}")
    replications = _whole(data, "replications", "", minimum=2, maximum=MAX_REPLICATIONS)
    seed = _whole(data, "seed", "", maximum=2**63 - 1)
    pools = tuple(
        _parse_pool(p, f"pools[{i}]") for i, p in enumerate(_list(_get(data, "pools", ""), "pools"))
    )
    if not pools:
        raise ContractError("pools", "must hold at least one pool")
    pool_ids = [p.id for p in pools]
    for index, pool_id in enumerate(pool_ids):
        if pool_id in pool_ids[:index]:
            raise ContractError(f"pools[{index}].id", f"{pool_id!r} is used twice")
    streams = tuple(
        _parse_stream(s, f"streams[{i}]", set(pool_ids))
        for i, s in enumerate(_list(_get(data, "streams", ""), "streams"))
    )
    stream_ids = [s.id for s in streams]
    for index, stream in enumerate(streams):
        if stream.id in stream_ids[:index]:
            raise ContractError(f"streams[{index}].id", f"{stream.id!r} is used twice")
        for j, onward in enumerate(stream.next):
            if onward.stream not in stream_ids:
                raise ContractError(f"streams[{index}].next[{j}].stream", f"unknown stream {onward.stream!r}")
    within: tuple[float, ...] = DEFAULT_WITHIN_DAYS
    if "within_days" in data:
        raw = _list(data["within_days"], "within_days")
        within = tuple(sorted({_number({"v": v}, "v", f"within_days[{i}]") for i, v in enumerate(raw)}))
    start_month = _whole(data, "start_month", "", minimum=1, maximum=12) if "start_month" in data else 1
    neighbours: dict[str, tuple[str, ...]] = {}
    for region, info in _object(data.get("regions", {}), "regions").items():
        entry = _object(info, f"regions.{region}")
        listed = _list(entry.get("neighbours", []), f"regions.{region}.neighbours")
        if not all(isinstance(n, str) and n for n in listed):
            raise ContractError(f"regions.{region}.neighbours", "must be a list of region codes")
        neighbours[region] = tuple(listed)
    levers = _parse_levers(data["levers"]) if data.get("levers") is not None else Levers()
    model = Model(
        horizon_days=horizon,
        warmup_days=warmup,
        replications=replications,
        seed=seed,
        pools=pools,
        streams=streams,
        within_days=within,
        start_month=start_month,
        neighbours=neighbours,
        levers=levers,
    )
    _components(apply_levers(model))  # refuses a cyclic flow here, with the field named
    return model


# --- levers -----------------------------------------------------------------------------------------------


def _takes(pool: Pool, stream: Stream, levers: Levers) -> bool:
    if pool.groups is None or stream.group is None or stream.group in pool.groups:
        return True
    return levers.open_crisis_to_men and pool.care_type == "crisis" and stream.group == "man"


def apply_levers(model: Model) -> Model:
    """The model with its levers worked into the streams: wider eligibility and shorter stays."""
    levers = model.levers
    if not (levers.open_crisis_to_men or levers.pool_with_neighbours or levers.stay_factor):
        return model
    pools_by_id = {p.id: p for p in model.pools}
    streams = []
    for stream in model.streams:
        care_type = stream.care_type or pools_by_id[stream.eligible_pools[0]].care_type
        eligible = list(stream.eligible_pools)
        regions = [stream.region]
        if levers.pool_with_neighbours:
            regions += list(model.neighbours.get(stream.region, ()))
        for region in regions:
            for pool in model.pools:
                if (
                    pool.region == region
                    and pool.care_type == care_type
                    and pool.id not in eligible
                    and _takes(pool, stream, levers)
                    and (region != stream.region or levers.open_crisis_to_men)
                ):
                    eligible.append(pool.id)
        factor = levers.stay_factor.get(care_type, 1.0)
        streams.append(
            replace(
                stream,
                eligible_pools=tuple(eligible),
                stay=stream.stay.scaled(factor) if factor != 1.0 else stream.stay,
            )
        )
    return replace(model, streams=tuple(streams), levers=Levers())


# --- structure: groups of linked pools, in the order of the flow -----------------------------------------


@dataclass(frozen=True)
class Component:
    pools: tuple[int, ...]  # indices into model.pools
    streams: tuple[int, ...]  # indices into model.streams
    upstream: tuple[int, ...]  # components whose people move on into this one


def _components(model: Model) -> list[Component]:
    """Pools linked by a stream, as components in topological order of the onward flow."""
    pool_index = {p.id: i for i, p in enumerate(model.pools)}
    parent = list(range(len(model.pools)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for stream in model.streams:
        first = find(pool_index[stream.eligible_pools[0]])
        for pool in stream.eligible_pools[1:]:
            parent[find(pool_index[pool])] = first
    roots = sorted({find(i) for i in range(len(model.pools))})
    comp_of_root = {root: n for n, root in enumerate(roots)}
    comp_of_stream = [comp_of_root[find(pool_index[s.eligible_pools[0]])] for s in model.streams]
    stream_index = {s.id: i for i, s in enumerate(model.streams)}
    edges: dict[int, set[int]] = {n: set() for n in range(len(roots))}
    for index, stream in enumerate(model.streams):
        for j, onward in enumerate(stream.next):
            target = comp_of_stream[stream_index[onward.stream]]
            if target == comp_of_stream[index] and onward.probability > 0:
                raise ContractError(
                    f"streams[{index}].next[{j}].stream",
                    f"{stream.id} → {onward.stream} flows back into pools {stream.id} itself uses; "
                    "the onward flow must run from one group of pools to another without cycles",
                )
            if onward.probability > 0:
                edges[comp_of_stream[index]].add(target)
    # Kahn's algorithm; what is left over lies on a cycle.
    incoming = {n: 0 for n in edges}
    for targets in edges.values():
        for target in targets:
            incoming[target] += 1
    order: list[int] = []
    ready = [n for n in sorted(edges) if incoming[n] == 0]
    while ready:
        node = ready.pop(0)
        order.append(node)
        for target in sorted(edges[node]):
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    if len(order) < len(edges):
        stuck = next(i for i, s in enumerate(model.streams) if incoming[comp_of_stream[i]] > 0 and s.next)
        raise ContractError(
            f"streams[{stuck}].next",
            "the onward flow between groups of pools forms a cycle; it must run one way only",
        )
    new_number = {old: new for new, old in enumerate(order)}
    pools_of: dict[int, list[int]] = {n: [] for n in edges}
    for i in range(len(model.pools)):
        pools_of[comp_of_root[find(i)]].append(i)
    streams_of: dict[int, list[int]] = {n: [] for n in edges}
    for i, comp in enumerate(comp_of_stream):
        streams_of[comp].append(i)
    upstream_of: dict[int, set[int]] = {n: set() for n in edges}
    for source, targets in edges.items():
        for target in targets:
            upstream_of[target].add(new_number[source])
    return [
        Component(tuple(pools_of[old]), tuple(streams_of[old]), tuple(sorted(upstream_of[old])))
        for old in order
    ]


# --- random numbers ---------------------------------------------------------------------------------------

_ARRIVALS, _STAYS, _ROUTES = 0, 1, 2


def _rng(seed: int, stream: int, purpose: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream, purpose])


def _cumulative_rate(stream: Stream, horizon: float, start_month: int) -> tuple[FloatArray, FloatArray]:
    """Breakpoints (days) and the expected number of arrivals up to each: Λ(t), piecewise linear."""
    if stream.seasonality is None:
        return np.array([0.0, horizon]), np.array([0.0, stream.arrivals_per_day * horizon])
    times, totals = [0.0], [0.0]
    month = start_month - 1
    while times[-1] < horizon:
        end = min(horizon, times[-1] + MONTH_DAYS[month])
        totals.append(totals[-1] + stream.arrivals_per_day * stream.seasonality[month] * (end - times[-1]))
        times.append(end)
        month = (month + 1) % 12
    return np.array(times), np.array(totals)


def _external_arrivals(model: Model, index: int, demand: float) -> FloatArray:
    """Poisson arrival times in [0, horizon) per replication, shape (R, n), sorted, inf-padded."""
    stream = model.streams[index]
    rng = _rng(model.seed, index, _ARRIVALS)
    times, totals = _cumulative_rate(stream, model.horizon_days, model.start_month)
    totals = totals * demand
    counts = rng.poisson(totals[-1], size=model.replications)
    width = int(counts.max()) if counts.size else 0
    if width == 0:
        return np.full((model.replications, 0), np.inf)
    unit = rng.random((model.replications, width)) * totals[-1]
    unit[np.arange(width)[None, :] >= counts[:, None]] = np.inf
    unit.sort(axis=1)
    finite = np.isfinite(unit)
    out = np.full_like(unit, np.inf)
    out[finite] = np.interp(unit[finite], totals, times)
    return out


class _Draws:
    """Random draws per stream, kept and reused across runs: each run needs a prefix of them."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._stays: dict[int, FloatArray] = {}
        self._routes: dict[int, FloatArray] = {}

    def stays(self, index: int, count: int) -> FloatArray:
        kept = self._stays.get(index)
        if kept is None or kept.shape[1] < count:
            kept = _draw_stays(self.model, index, self.model.streams[index].stay, max(count, 16) * 2)
            self._stays[index] = kept
        return kept[:, :count]

    def routes(self, index: int, count: int) -> FloatArray:
        kept = self._routes.get(index)
        if kept is None or kept.shape[1] < count:
            kept = _draw_routes(self.model, index, max(count, 16) * 2)
            self._routes[index] = kept
        return kept[:, :count]


def _draw_stays(model: Model, index: int, stay: Stay, count: int) -> FloatArray:
    """Lengths of stay of the first `count` people of a stream, shape (R, count). Drawn person by person
    (row-major over (count, R)), so the first k people get the same stays whatever `count` is."""
    size = (count, model.replications)
    if stay.dist == "fixed":
        return np.full(size[::-1], stay.mean)
    rng = _rng(model.seed, index, _STAYS)
    if stay.dist == "exponential":
        return rng.exponential(stay.mean, size=size).T
    sigma2 = math.log1p((stay.sd / stay.mean) ** 2)
    return rng.lognormal(math.log(stay.mean) - sigma2 / 2, math.sqrt(sigma2), size=size).T


def _draw_routes(model: Model, index: int, count: int) -> FloatArray:
    return _rng(model.seed, index, _ROUTES).random((count, model.replications)).T


# --- the pass in order of arrival -------------------------------------------------------------------------


@dataclass
class _Outcome:
    """What one component produced: per-replication figures and the people who move on."""

    stream_stats: dict[int, dict[str, FloatArray]]
    pool_busy: dict[int, FloatArray]  # place-days in use within [warm-up, horizon) per replication
    feeds: dict[int, list[FloatArray]]  # target stream → arrays of onward arrival times (R, n), inf-padded
    trace: dict[str, FloatArray | IntArray] | None = None


def _compact(columns: FloatArray) -> FloatArray:
    """Sort each row and drop the columns that are inf in every row."""
    columns = np.sort(columns, axis=1)
    finite = np.isfinite(columns).sum(axis=1)
    return columns[:, : int(finite.max()) if finite.size else 0]


def _place(
    arrivals: FloatArray,
    stays: FloatArray,
    kinds: IntArray,
    eligible: NDArray[np.bool_],
    rank: FloatArray,
    server_pool: IntArray,
) -> tuple[FloatArray, IntArray]:
    """Start time and place of every person, in arrival order; arrays are (R, N), `kinds` indexes `eligible`
    (kinds × places) and `rank` (preference of each place per kind). inf start: never placed."""
    reps, people = arrivals.shape
    places = server_pool.size
    start = np.full((reps, people), np.inf)
    where = np.full((reps, people), -1, dtype=np.int64)
    if places == 0 or people == 0:
        return start, where
    free = np.zeros((reps, places))
    rows = np.arange(reps)
    # Column-wise access below: contiguous copies by person.
    arr_t = np.ascontiguousarray(arrivals.T)
    stay_t = np.ascontiguousarray(stays.T)
    start_t = np.full((people, reps), np.inf)
    where_t = np.full((people, reps), -1, dtype=np.int64)
    simple = eligible.shape[0] == 1 and bool(eligible.all()) and np.unique(server_pool).size == 1
    if simple:
        for n in range(people):
            place = free.argmin(axis=1)
            begin = np.maximum(free[rows, place], arr_t[n])
            start_t[n] = begin
            where_t[n] = place
            free[rows, place] = begin + stay_t[n]
    else:
        kinds_t = np.ascontiguousarray(kinds.T)
        inf = np.inf
        for n in range(people):
            kind = kinds_t[n]
            candidate = np.where(eligible[kind], np.maximum(free, arr_t[n][:, None]), inf)
            begin = candidate.min(axis=1)
            tie = candidate <= begin[:, None]
            place = np.where(tie, rank[kind], inf).argmin(axis=1)
            placed = np.isfinite(begin)
            start_t[n] = begin
            where_t[n] = np.where(placed, place, -1)
            free[rows, place] = np.where(placed, begin + stay_t[n], free[rows, place])
    start[:] = start_t.T
    where[:] = where_t.T
    return start, where


def _run_component(
    model: Model,
    component: Component,
    feeds: Mapping[int, Sequence[FloatArray]],
    external: Mapping[int, FloatArray],
    draws: _Draws,
    keep_trace: bool,
) -> _Outcome:
    reps = model.replications
    pools = [model.pools[i] for i in component.pools]
    local_pool = {p.id: k for k, p in enumerate(pools)}
    server_pool = np.repeat(np.arange(len(pools), dtype=np.int64), [p.capacity for p in pools])
    # Arrivals and stays per stream, each in the stream's own arrival order.
    per_stream_arrivals: list[FloatArray] = []
    per_stream_stays: list[FloatArray] = []
    for index in component.streams:
        parts = [external[index], *feeds.get(index, ())]
        arrivals = _compact(np.concatenate(parts, axis=1)) if len(parts) > 1 else parts[0]
        per_stream_arrivals.append(arrivals)
        per_stream_stays.append(draws.stays(index, arrivals.shape[1]))
    widths = [a.shape[1] for a in per_stream_arrivals]
    offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    arrivals = np.concatenate(per_stream_arrivals, axis=1) if widths else np.zeros((reps, 0))
    stays = np.concatenate(per_stream_stays, axis=1) if widths else np.zeros((reps, 0))
    kind_of_column = np.repeat(np.arange(len(widths), dtype=np.int64), widths)
    order_full = np.argsort(arrivals, axis=1, kind="stable")
    order = order_full
    rows = np.arange(reps)[:, None]
    sorted_arrivals = arrivals[rows, order]
    finite = np.isfinite(sorted_arrivals).sum(axis=1)
    keep = int(finite.max()) if finite.size else 0
    order = order[:, :keep]
    sorted_arrivals = sorted_arrivals[:, :keep]
    sorted_stays = stays[rows, order]
    kinds = kind_of_column[order]
    # Eligibility and preference of each place for each stream of this component.
    eligible = np.zeros((len(widths), server_pool.size), dtype=bool)
    rank = np.full((len(widths), server_pool.size), np.inf)
    for k, index in enumerate(component.streams):
        for preference, pool_id in enumerate(model.streams[index].eligible_pools):
            mask = server_pool == local_pool[pool_id]
            eligible[k, mask] = True
            rank[k, mask] = preference
    start, where = _place(sorted_arrivals, sorted_stays, kinds, eligible, rank, server_pool)
    departure = start + sorted_stays
    horizon, warmup = model.horizon_days, model.warmup_days
    counted = (sorted_arrivals >= warmup) & (sorted_arrivals < horizon)
    # A person never placed (no place at all) has waited at least until the horizon.
    with np.errstate(invalid="ignore"):
        wait = np.where(np.isfinite(start), start - sorted_arrivals, horizon - sorted_arrivals)
    # Sums per (replication, stream) at once: one bincount per figure over the flattened index.
    kinds_count = len(component.streams)
    cell = (np.arange(reps, dtype=np.int64)[:, None] * kinds_count + kinds)[counted]
    size = reps * kinds_count

    def per_stream(values: FloatArray | NDArray[np.bool_]) -> FloatArray:
        sums = np.bincount(cell, weights=np.asarray(values, dtype=float)[counted], minlength=size)
        return sums.astype(np.float64).reshape(reps, kinds_count)

    count = np.bincount(cell, minlength=size).reshape(reps, kinds_count).astype(float)
    figures = {
        "p_wait": per_stream(wait > 0),
        "mean_wait_days": per_stream(wait),
        "placed": per_stream(start < horizon),
        "waiting_at_end": per_stream(start >= horizon),
    }
    within = {days: per_stream(wait <= days) for days in model.within_days}
    stream_stats: dict[int, dict[str, FloatArray]] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, index in enumerate(component.streams):
            n = count[:, k]
            stats = {
                "arrivals": n,
                "p_wait": figures["p_wait"][:, k] / n,
                "mean_wait_days": figures["mean_wait_days"][:, k] / n,
                "placed": figures["placed"][:, k],
                "waiting_at_end": figures["waiting_at_end"][:, k],
            }
            for days in model.within_days:
                stats[f"within:{days:g}"] = within[days][:, k] / n
            stream_stats[index] = stats
    busy_all = np.clip(np.minimum(departure, horizon) - np.maximum(start, warmup), 0.0, None)
    busy_all = np.where(np.isfinite(start), busy_all, 0.0)
    pool_of_person = np.where(where >= 0, server_pool[np.maximum(where, 0)] if server_pool.size else -1, -1)
    pool_busy = {
        component.pools[k]: np.where(pool_of_person == k, busy_all, 0.0).sum(axis=1)
        for k in range(len(pools))
    }
    # People moving on: their departure, in the order of their own stream, routed by one draw each.
    out_feeds: dict[int, list[FloatArray]] = {}
    stream_index = {s.id: i for i, s in enumerate(model.streams)}
    inverse_full = np.argsort(order_full, axis=1)
    for k, index in enumerate(component.streams):
        stream = model.streams[index]
        if not stream.next or widths[k] == 0:
            continue
        position = inverse_full[:, offsets[k] : offsets[k + 1]]
        inside = position < keep
        leaving = np.full(position.shape, np.inf)
        leaving[inside] = departure[np.nonzero(inside)[0], position[inside]]
        leaving[leaving >= horizon] = np.inf  # arrivals after the horizon change nothing before it
        route = draws.routes(index, widths[k])
        low = 0.0
        for onward in stream.next:
            chosen = (route >= low) & (route < low + onward.probability)
            low += onward.probability
            moved = np.where(chosen, leaving, np.inf)
            if np.isfinite(moved).any():
                out_feeds.setdefault(stream_index[onward.stream], []).append(_compact(moved))
    trace = None
    if keep_trace:
        trace = {
            "arrival": sorted_arrivals,
            "start": start,
            "departure": departure,
            "stream": np.asarray(component.streams, dtype=np.int64)[kinds],
            "pool": np.where(
                pool_of_person >= 0,
                np.asarray(component.pools, dtype=np.int64)[np.maximum(pool_of_person, 0)],
                -1,
            ),
        }
    return _Outcome(stream_stats, pool_busy, out_feeds, trace)


# --- the engine: runs a model, again and again with other capacities --------------------------------------


@dataclass
class Result:
    """Per-replication figures of one run; `to_json` turns them into the contract's output."""

    model: Model
    streams: dict[str, dict[str, FloatArray]]
    pools: dict[str, dict[str, FloatArray]]
    seconds: float
    traces: list[dict[str, FloatArray | IntArray]] = field(default_factory=list)

    def share_within(self, stream: str, days: float) -> tuple[float, float]:
        """Mean share of a stream's arrivals placed within `days` (over replications) and its CI half-width;
        (1.0, 0.0) when the stream has no arrivals after the warm-up."""
        values = self._within(stream, days)
        return _mean_ci(values, empty=1.0)

    def _within(self, stream: str, days: float) -> FloatArray:
        stats = self.streams[stream]
        key = f"within:{days:g}"
        if key in stats:
            return stats[key]
        raise KeyError(f"{stream} has no share within {days:g} days; add it to within_days")

    def to_json(self) -> dict[str, Any]:
        streams: dict[str, Any] = {}
        for stream_id, stats in self.streams.items():
            entry: dict[str, Any] = {}
            for name in ("arrivals", "p_wait", "mean_wait_days", "placed", "waiting_at_end"):
                empty = 0.0
                mean, half = _mean_ci(stats[name], empty=empty)
                entry[name] = _round(mean)
                entry[f"{name}_ci"] = _round(half)
            within, within_ci = {}, {}
            for days in self.model.within_days:
                mean, half = _mean_ci(stats[f"within:{days:g}"], empty=1.0)
                within[f"{days:g}"] = _round(mean)
                within_ci[f"{days:g}"] = _round(half)
            entry["p_placed_within"] = within
            entry["p_placed_within_ci"] = within_ci
            streams[stream_id] = entry
        pools: dict[str, Any] = {}
        for pool in self.model.pools:
            stats = self.pools[pool.id]
            occupancy, occupancy_ci = _mean_ci(stats["occupancy"], empty=0.0)
            occupied, occupied_ci = _mean_ci(stats["mean_occupied"], empty=0.0)
            pools[pool.id] = {
                "capacity": pool.capacity,
                "occupancy": _round(occupancy),
                "occupancy_ci": _round(occupancy_ci),
                "mean_occupied": _round(occupied),
                "mean_occupied_ci": _round(occupied_ci),
            }
        return {
            "streams": streams,
            "pools": pools,
            "replications": self.model.replications,
            "seconds": round(self.seconds, 3),
        }


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def _mean_ci(values: FloatArray, *, empty: float) -> tuple[float, float]:
    """Mean over replications (those with a value) and the 95 % half-width by Student's t."""
    present = values[np.isfinite(values)]
    if present.size == 0:
        return empty, 0.0
    mean = float(present.mean())
    if present.size < 2:
        return mean, 0.0
    return mean, float(t975(present.size - 1) * present.std(ddof=1) / math.sqrt(present.size))


class Engine:
    """Runs one model (levers applied) with any capacities, reusing the random numbers and every component
    whose capacities (and those upstream) did not change. `plan` runs hundreds of variants this way."""

    def __init__(self, model: Model, *, demand: float = 1.0, cache_size: int = 4096) -> None:
        self.model = apply_levers(model)
        self.components = _components(self.model)
        self.demand = demand
        self._external: dict[int, FloatArray] = {}
        self._draws = _Draws(self.model)
        self._cache: dict[tuple[Any, ...], _Outcome] = {}
        self._cache_size = cache_size
        self.runs = 0

    def _arrivals(self, index: int) -> FloatArray:
        if index not in self._external:
            self._external[index] = _external_arrivals(self.model, index, self.demand)
        return self._external[index]

    def run(
        self,
        capacities: Mapping[str, int] | None = None,
        *,
        progress: Progress | None = None,
        keep_trace: bool = False,
    ) -> Result:
        began = time.perf_counter()
        self.runs += 1
        model = self.model.with_capacities(capacities) if capacities else self.model
        keys: list[tuple[Any, ...]] = []
        outcomes: list[_Outcome] = []
        total = len(self.components)
        for number, component in enumerate(self.components):
            key = (
                number,
                tuple(model.pools[i].capacity for i in component.pools),
                tuple(keys[u] for u in component.upstream),
            )
            keys.append(key)
            outcome = None if keep_trace else self._cache.get(key)
            if outcome is None:
                feeds: dict[int, list[FloatArray]] = {}
                for u in component.upstream:
                    for target, arrays in outcomes[u].feeds.items():
                        if target in component.streams:
                            feeds.setdefault(target, []).extend(arrays)
                external = {i: self._arrivals(i) for i in component.streams}
                outcome = _run_component(model, component, feeds, external, self._draws, keep_trace)
                if not keep_trace:
                    if len(self._cache) >= self._cache_size:
                        self._cache.pop(next(iter(self._cache)))
                    self._cache[key] = outcome
            outcomes.append(outcome)
            if progress is not None:
                progress(number + 1, total)
        return self._collect(model, outcomes, time.perf_counter() - began)

    def _collect(self, model: Model, outcomes: list[_Outcome], seconds: float) -> Result:
        span = model.horizon_days - model.warmup_days
        streams: dict[str, dict[str, FloatArray]] = {}
        pools: dict[str, dict[str, FloatArray]] = {}
        for outcome in outcomes:
            for index, stats in outcome.stream_stats.items():
                streams[model.streams[index].id] = stats
            for index, busy in outcome.pool_busy.items():
                pool = model.pools[index]
                occupied = busy / span
                pools[pool.id] = {
                    "mean_occupied": occupied,
                    "occupancy": occupied / pool.capacity if pool.capacity else np.zeros_like(occupied),
                }
        ordered = {s.id: streams[s.id] for s in model.streams}
        traces = [o.trace for o in outcomes if o.trace is not None]
        return Result(model, ordered, {p.id: pools[p.id] for p in model.pools}, seconds, traces)


def simulate(data: Any, *, progress: Progress | None = None) -> dict[str, Any]:
    """The `simulate` contract: input dict in, output dict out. Raises `ContractError` on bad input."""
    model = parse_model(data)
    return Engine(model).run(progress=progress).to_json()
