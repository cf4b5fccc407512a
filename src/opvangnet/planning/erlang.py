"""Erlang C: the waiting time of a queue with Poisson arrivals, exponential stays, `c` places and
first-come first-served waiting (M/M/c), in its steady state.

Pure: imports nothing from Django, only the standard library. `plan` uses it for its first guess per pool,
and the tests use it to check the simulation.
"""

from __future__ import annotations

import math


def erlang_c(places: int, load: float) -> float:
    """The chance that an arrival finds every place taken and has to wait; `load` is arrivals per day times
    the mean stay in days (the mean number of places in use). 1.0 when the queue is unstable (load ≥ places).
    """
    if load <= 0:
        return 0.0
    if places <= load:
        return 1.0
    # Erlang B by its stable recursion, then C from B.
    blocking = 1.0
    for k in range(1, places + 1):
        blocking = load * blocking / (k + load * blocking)
    return places * blocking / (places - load * (1.0 - blocking))


def mean_wait(places: int, arrivals_per_day: float, mean_stay: float) -> float:
    """Mean wait in days over all arrivals (those who wait and those who do not); inf when unstable."""
    load = arrivals_per_day * mean_stay
    if load <= 0:
        return 0.0
    if places <= load:
        return math.inf
    return erlang_c(places, load) * mean_stay / (places - load)


def share_placed_within(places: int, arrivals_per_day: float, mean_stay: float, days: float) -> float:
    """P(wait ≤ days) = 1 − C · exp(−(c/m − λ) · days); `days` 0 gives the share placed at once."""
    load = arrivals_per_day * mean_stay
    if load <= 0:
        return 1.0
    if places <= load:
        return 0.0
    rate = places / mean_stay - arrivals_per_day
    return 1.0 - erlang_c(places, load) * math.exp(-rate * days)


def smallest_places(
    arrivals_per_day: float, mean_stay: float, days: float, share: float, limit: int = 100_000
) -> int | None:
    """The fewest places for which at least `share` of arrivals get a place within `days`; None past
    `limit`."""
    load = arrivals_per_day * mean_stay
    if load <= 0:
        return 0
    places = max(1, math.floor(load) + 1)
    while places <= limit:
        if share_placed_within(places, arrivals_per_day, mean_stay, days) >= share:
            return places
        places += 1
    return None
