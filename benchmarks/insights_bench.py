"""National picture benchmark: `python -m benchmarks.insights_bench`. See benchmarks/README.md.

Seeds `seed --scale 10` into the database of `DATABASE_URL` when it is empty (use a PostgreSQL database of
your own), then measures for the current year:

- the dashboard's queries (the year's facts and every breakdown the dashboard shows), on unchanged data and
  right after a write (an availability report; a placement, which moves every stamp the cache is keyed by);
- the dashboard's whole server time (Django's test client: queries, suppression, charts and template), for the
  national coordinator (exact) and a policy maker (suppressed), unchanged, after an availability report and
  after a placement;
- baselines from the same run: a fixed pure-Python loop and one `COUNT(*)` of the year's requests, so the
  numbers can be read against the speed of the shared machine at that moment, and the dashboard's queries with
  nothing cached (every read anew; about what every load cost before the cache);
- the same aggregation (region × care type over the year's requests) in Python and in DuckDB, as a ratio.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

Case = tuple[str, "Callable[[], object]", "Callable[[], object] | None"]


def measure_interleaved(cases: list[Case], rounds: int) -> list[tuple[str, float, float]]:
    """Median and p95 (ms) of each case, run in turns (one of each per round, after one warm-up round), so
    that a busy moment on a shared machine falls on every case alike."""
    timings: dict[str, list[float]] = {label: [] for label, _action, _before in cases}
    for round_number in range(rounds + 1):
        for label, action, before in cases:
            if before:
                before()
            started = time.perf_counter()
            action()
            if round_number:
                timings[label].append((time.perf_counter() - started) * 1000)
    result = []
    for label, _action, _before in cases:
        values = sorted(timings[label])
        result.append((label, statistics.median(values), values[max(0, round(0.95 * len(values)) - 1)]))
    return result


def cpu_loop() -> int:
    """A fixed piece of pure-Python work: about 25 ms on this machine when it is idle."""
    total = 0
    for number in range(400_000):
        total += number % 7
    return total


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opvangnet.settings")
    import django

    django.setup()
    import duckdb
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from benchmarks.signin import signed_in_client
    from opvangnet.accounts.models import User
    from opvangnet.audit.services import record
    from opvangnet.capacity.models import AvailabilitySnapshot, Offer
    from opvangnet.core.periods import year
    from opvangnet.demo.seeding import database_is_empty, seed_country
    from opvangnet.insights import figures as fig
    from opvangnet.insights.publish import View
    from opvangnet.placement import figures as placement_figures

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if database_is_empty():
        started = time.perf_counter()
        seed_country(scale=10, seed=1)
        print(f"seeded scale 10 in {time.perf_counter() - started:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    period = year(timezone.localdate().year)
    national = User.objects.get(username="landelijk")
    policy = User.objects.get(username="beleidsmaker")
    offer = Offer.objects.active().order_by("pk").first()
    assert offer is not None

    def report() -> None:
        """What providers do all day: an availability report, with its audit entry."""
        AvailabilitySnapshot.objects.create(
            offer=offer,
            recorded_at=timezone.now(),
            free_places=offer.free_places,
            occupied_places=offer.occupied_places,
            waiting_list=0,
            source="web",
        )
        record(national, "capacity.availability_recorded", offer)

    def placement() -> None:
        """A placement service's write (request, proposal, decision, exit): its `placement.…` audit entry
        moves the stamp of the request facts; with an availability report, as placing takes a place."""
        report()
        record(national, "placement.benchmark", offer)

    def dashboard_queries() -> object:
        facts = fig.facts_for(period)
        for by in (
            (),
            ("region",),
            ("care_type",),
            ("gender",),
            ("age_group",),
            ("need",),
            ("exploitation",),
        ):
            View(facts, by, suppressed=False).total_row()
        return placement_figures.monthly_counts(period)

    def page(user: User) -> Callable[[], object]:
        client = signed_in_client(user)

        def load() -> object:
            response = client.get("/insights/")
            assert response.status_code == 200
            return response

        return load

    def baseline() -> object:
        return placement_figures.requests_in(period).count()

    def cold() -> None:
        cache.clear()

    rows = ["| what (ms) | median | p95 |", "|---|---|---|"]
    cases: list[Case] = [
        ("baseline: pure-Python loop (the machine's speed at that moment)", cpu_loop, None),
        ("baseline: COUNT(*) of the year's requests", baseline, None),
        ("dashboard's queries, nothing cached", dashboard_queries, cold),
        ("dashboard's queries, unchanged data", dashboard_queries, None),
        ("dashboard's queries, after an availability report", dashboard_queries, report),
        ("dashboard's queries, after a placement", dashboard_queries, placement),
        ("dashboard page, national coordinator, unchanged", page(national), None),
        ("dashboard page, national coordinator, after an availability report", page(national), report),
        ("dashboard page, national coordinator, after a placement", page(national), placement),
        ("dashboard page, policy maker, unchanged", page(policy), None),
        ("dashboard page, policy maker, after a placement", page(policy), placement),
    ]
    rounds = int(os.environ.get("INSIGHTS_BENCH_ROUNDS", "20"))
    for label, median, p95 in measure_interleaved(cases, rounds):
        rows.append(f"| {label} | {median:.1f} | {p95:.1f} |")
    facts = fig.facts_for(period)
    records = [(f.region, f.care_type, int(f.placed), int(bool(f.unmet))) for f in facts.requests]
    con = duckdb.connect()
    con.execute("create table r(region varchar, care_type varchar, placed int, unmet int)")
    con.executemany("insert into r values (?, ?, ?, ?)", records)

    def python_sum() -> object:
        facts.memo.clear()
        return fig.breakdown(facts, ("region", "care_type"))

    def duck_sum() -> object:
        return con.execute(
            "select region, care_type, count(*), sum(placed), sum(unmet) from r group by region, care_type"
        ).fetchall()

    (_l3, m3, p3), (_l4, m4, p4) = measure_interleaved(
        [("python", python_sum, None), ("duckdb", duck_sum, None)], rounds
    )
    rows.append(
        f"| aggregation region × care type, Python over facts (supply included) | {m3:.1f} | {p3:.1f} |"
    )
    rows.append(f"| same demand aggregation in DuckDB ({len(records)} rows) | {m4:.1f} | {p4:.1f} |")
    rows.append(f"| ratio Python / DuckDB (median) | {m3 / m4:.1f} | |")
    print(f"{connection.vendor}, period {period.label}, {len(records)} requests, {len(facts.offers)} offers")
    print(f"{rounds} runs of each, in turns")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
