"""Run the benchmark suite: `python -m benchmarks` (or `make bench`). See benchmarks/README.md."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FILTER = "care_type=crisis&exploitation=labour&gender=man&free=true"


def measure(label: str, action: Callable[[], object], repeats: int) -> str:
    action()  # warm caches and lazy imports once
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return f"| {label} | {repeats} | {statistics.median(timings):.1f} | {p95:.1f} |"


def main() -> None:
    folder = Path(os.environ.get("OPVANGNET_BENCH_DIR") or tempfile.mkdtemp(prefix="opvangnet-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opvangnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from opvangnet.accounts.models import User
    from opvangnet.demo.seeding import seed_country

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    result = seed_country(scale=10, seed=1)
    seconds = time.perf_counter() - started
    from opvangnet.capacity.models import AvailabilitySnapshot, Offer
    from opvangnet.placement.models import PlacementRequest

    print(
        f"seed --scale 10: {result.organisations} organisations, {result.locations} locations, "
        f"{Offer.objects.count()} offers, {AvailabilitySnapshot.objects.count()} availability reports, "
        f"{PlacementRequest.objects.count()} placement requests, {result.users} users in {seconds:.1f} s\n"
    )

    client = Client()
    client.force_login(User.objects.get(username="zorgcoordinator"))
    rows = ["| what (server time, ms) | runs | median | p95 |", "|---|---|---|---|"]
    rows.append(measure("locations page, national, page 1", lambda: client.get("/locations/"), 50))
    rows.append(measure("locations API, limit 50", lambda: client.get("/api/v1/locations/?limit=50"), 50))
    rows.append(
        measure("locations API, one region", lambda: client.get("/api/v1/locations/?region=VO04"), 50)
    )
    rows.append(measure("regions page with counts", lambda: client.get("/regions/"), 50))
    rows.append(
        measure("national overview of offers, page 1 with totals", lambda: client.get("/capacity/"), 50)
    )
    rows.append(
        measure(
            "overview filtered: crisis, labour, men, free", lambda: client.get(f"/capacity/?{FILTER}"), 50
        )
    )
    rows.append(
        measure(
            "offers API filtered: crisis, labour, men, free",
            lambda: client.get(f"/api/v1/offers/?{FILTER}"),
            50,
        )
    )
    rows.append(measure("offers API, national, limit 50", lambda: client.get("/api/v1/offers/?limit=50"), 50))
    anonymous = Client()
    rows.append(
        measure("offers API filtered, anonymous", lambda: anonymous.get(f"/api/v1/offers/?{FILTER}"), 50)
    )
    print("\n".join(rows))


if __name__ == "__main__":
    sys.exit(main())
