"""Demand forecast: placement requests per month for the next twelve months, with a 95 % prediction interval.

The model is a Poisson regression (statsmodels GLM) of the monthly number of requests on a linear trend and,
once the history covers two full years, the calendar month (seasonality). Counts per region are small, so
a Poisson model fits them better than a model for normally distributed errors, and its interval never goes
below zero. The interval for a month combines the uncertainty of the expected count (the 95 % interval of the
fitted mean) with the Poisson spread of a single month: its bounds are the 2.5 % quantile at the lower bound
of the mean and the 97.5 % quantile at its upper bound.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils import timezone

from opvangnet.placement.models import PlacementRequest

HORIZON_MONTHS = 12
MIN_MONTHS_FOR_SEASON = 24
MIN_MONTHS = 6


@dataclass(frozen=True)
class Forecast:
    history_months: list[str]
    actual: list[int]
    months: list[str]
    expected: list[float]
    low: list[float]
    high: list[float]
    seasonal: bool

    @property
    def expected_total(self) -> float:
        return float(sum(self.expected))

    @property
    def high_total(self) -> float:
        return float(sum(self.high))

    @property
    def last_year_total(self) -> int:
        return sum(self.actual[-12:])


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def monthly_requests(
    care_type: str, region: str | None = None, end: date | None = None
) -> tuple[list[str], list[int]]:
    """Requests made per full month, from the first month with any request up to (not including) `end`'s
    month (default: this month)."""
    end = end or timezone.localdate()
    last = date(end.year, end.month, 1)
    requests = PlacementRequest.objects.filter(care_type=care_type, created_at__date__lt=last)
    if region:
        requests = requests.filter(region__code=region)
    counts: Counter[str] = Counter()
    first: date | None = None
    for created in requests.values_list("created_at", flat=True):
        day = timezone.localtime(created).date()
        counts[_month_key(day)] += 1
        month = date(day.year, day.month, 1)
        first = month if first is None or month < first else first
    if first is None:
        return [], []
    months = []
    cursor = first
    while cursor < last:
        months.append(_month_key(cursor))
        cursor = _add_months(cursor, 1)
    return months, [counts[m] for m in months]


def _poisson_interval(mean_low: np.ndarray, mean_high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.stats import poisson

    return poisson.ppf(0.025, mean_low), poisson.ppf(0.975, mean_high)


def forecast(care_type: str, region: str | None = None, end: date | None = None) -> Forecast | None:
    """The twelve months after `end`'s month (default: now); None with fewer than six months of history."""
    import statsmodels.api as sm

    months, actual = monthly_requests(care_type, region, end)
    # A leading run of empty months says nothing about demand: the records begin later.
    if len(months) < MIN_MONTHS:
        return None
    first = date(int(months[0][:4]), int(months[0][5:]), 1)
    seasonal = len(months) >= MIN_MONTHS_FOR_SEASON
    future = [_month_key(_add_months(first, len(months) + k)) for k in range(HORIZON_MONTHS)]

    def design(keys: list[str], offset: int) -> np.ndarray:
        trend = np.arange(offset, offset + len(keys), dtype=float) / 12.0
        columns = [np.ones(len(keys)), trend]
        if seasonal:
            month = np.array([int(k[5:]) for k in keys])
            columns += [(month == m).astype(float) for m in range(2, 13)]
        return np.column_stack(columns)

    y = np.asarray(actual, dtype=float)
    if y.sum() == 0:
        zeros = [0.0] * HORIZON_MONTHS
        return Forecast(months, actual, future, zeros, zeros, zeros, seasonal)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # perfect separation in an empty month is harmless here
        fitted = sm.GLM(y, design(months, 0), family=sm.families.Poisson()).fit()
        prediction = fitted.get_prediction(design(future, len(months))).summary_frame(alpha=0.05)
    mean = prediction["mean"].to_numpy()
    low, high = _poisson_interval(
        prediction["mean_ci_lower"].to_numpy(), prediction["mean_ci_upper"].to_numpy()
    )
    return Forecast(
        history_months=months,
        actual=actual,
        months=future,
        expected=[round(float(v), 2) for v in mean],
        low=[float(v) for v in low],
        high=[float(v) for v in high],
        seasonal=seasonal,
    )


def demand_factors(
    bound: str, care_types: tuple[str, ...], regions: list[str], end: date | None = None
) -> dict[tuple[str, str], float]:
    """Per (region, care type): the forecast's next twelve months (expected or upper bound, `bound` is
    "expected" or "high") over the last twelve months' requests, to scale today's arrival rates. 1.0 where
    the history is too short or empty."""
    factors: dict[tuple[str, str], float] = {}
    for care_type in care_types:
        for region in regions:
            result = forecast(care_type, region, end)
            if result is None or result.last_year_total == 0:
                factors[(region, care_type)] = 1.0
                continue
            total = result.high_total if bound == "high" else result.expected_total
            factors[(region, care_type)] = round(total / result.last_year_total, 4)
    return factors
