"""National picture benchmark: `python -m benchmarks.insights_bench`. See benchmarks/README.md.

Seeds `seed --scale 10` into the database of `DATABASE_URL` (use an empty PostgreSQL database of your own),
then measures the dashboard's queries (reading the year's facts and adding them up by region and care type,
exact and suppressed) and the same aggregation over the same rows in DuckDB, as a ratio.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable


def measure(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    action()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, round(0.95 * len(timings)) - 1)]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opvangnet.settings")
    import django

    django.setup()
    import duckdb
    from django.core.management import call_command
    from django.utils import timezone

    from opvangnet.core.periods import year
    from opvangnet.demo.seeding import database_is_empty, seed_country
    from opvangnet.insights import figures as fig
    from opvangnet.insights import publish

    call_command("migrate", verbosity=0)
    if database_is_empty():
        seed_country(scale=10, seed=1)
    period = year(timezone.localdate().year)

    def dashboard_queries() -> object:
        facts = fig.facts_for(period)
        return fig.breakdown(facts, ("region",)), fig.breakdown(facts, ("care_type",))

    rows = ["| what (ms) | runs | median | p95 |", "|---|---|---|---|"]
    median, p95 = measure(dashboard_queries, 20)
    rows.append(
        f"| dashboard queries: facts of the year + by region + by care type | 20 | {median:.1f} | {p95:.1f} |"
    )
    facts = fig.facts_for(period)
    publish.protected(facts)
    m2, p2 = measure(lambda: publish.picture(period, ["police_unit", "care_type"], suppressed=True), 20)
    rows.append(
        f"| picture police unit × care type, suppressed (cached suppression) | 20 | {m2:.1f} | {p2:.1f} |"
    )
    records = [(f.region, f.care_type, int(f.placed), int(bool(f.unmet))) for f in facts.requests]
    con = duckdb.connect()
    con.execute("create table r(region varchar, care_type varchar, placed int, unmet int)")
    con.executemany("insert into r values (?, ?, ?, ?)", records)

    def python_sum() -> object:
        return fig.breakdown(facts, ("region", "care_type"))

    def duck_sum() -> object:
        return con.execute(
            "select region, care_type, count(*), sum(placed), sum(unmet) from r group by region, care_type"
        ).fetchall()

    m3, p3 = measure(python_sum, 20)
    m4, p4 = measure(duck_sum, 20)
    rows.append(f"| aggregation region × care type, Python over facts | 20 | {m3:.1f} | {p3:.1f} |")
    rows.append(f"| same aggregation in DuckDB ({len(records)} rows) | 20 | {m4:.1f} | {p4:.1f} |")
    rows.append(f"| ratio Python / DuckDB (median) | | {m3 / m4:.1f} | |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
