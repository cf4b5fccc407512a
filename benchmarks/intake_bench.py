"""Intake candidates benchmark: `python -m benchmarks.intake_bench [--runs N]`. See benchmarks/README.md.

Server time of the htmx partial that lists the fitting places beside the intake form
(`/placement/new/candidates/`), as the demo coordinator, on the demo country of `seed --scale 10`, through
Django's test client (no network): with the offers unchanged since the last request (the usual case), right
after a provider's availability report, and right after an offer was edited. Uses `DATABASE_URL` (migrated,
and seeded when empty) or a fresh SQLite database in a temporary folder. It imports nothing that older
versions of Opvangnet lack, so the same script measures a checkout from before a change (see the README).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Eight intakes as coordinators fill them in: the common ones and some that fit few places.
INTAKES: list[dict[str, Any]] = [
    {"care_type": "crisis", "exploitation": ["sexual"], "gender": "woman", "age": 24, "region": "VO04"},
    {
        "care_type": "crisis",
        "exploitation": ["labour"],
        "gender": "man",
        "age": 31,
        "region": "VO28",
        "needs": ["no_residence_status"],
        "languages": ["ro"],
    },
    {
        "care_type": "long_term",
        "exploitation": ["sexual"],
        "gender": "woman",
        "age": 19,
        "region": "VO17",
        "needs": ["psychiatric"],
        "with_children": 1,
    },
    {"care_type": "crisis", "exploitation": ["criminal"], "gender": "man", "age": 17, "region": "VO30"},
    {
        "care_type": "transitional",
        "exploitation": ["sexual", "labour"],
        "gender": "woman",
        "age": 27,
        "region": "VO13",
        "languages": ["en", "bg"],
    },
    {
        "care_type": "crisis",
        "exploitation": ["sexual"],
        "gender": "non_binary",
        "age": 22,
        "region": "VO04",
        "security": "high",
    },
    {
        "care_type": "ambulant",
        "exploitation": ["labour"],
        "gender": "man",
        "age": 45,
        "region": "VO18",
        "needs": ["addiction"],
    },
    {
        "care_type": "crisis",
        "exploitation": ["sexual"],
        "gender": "woman",
        "age": 33,
        "region": "VO06",
        "needs": ["pregnancy"],
        "avoid_regions": ["VO04"],
        "urgency": "week",
    },
]


def form(intake: dict[str, Any]) -> dict[str, Any]:
    return {"with_children": 0, "security": "standard", "urgency": "today", **intake}


def summary(label: str, timings: list[float], queries: list[int]) -> str:
    ordered = sorted(timings)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"| {label} | {len(timings)} | {statistics.median(timings):.1f} | {p95:.1f} | "
        f"{statistics.median(queries):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="requests in the usual case")
    parser.add_argument("--label", default="", help="a word for the table (e.g. before, after)")
    args = parser.parse_args()
    folder = Path(os.environ.get("OPVANGNET_BENCH_DIR") or tempfile.mkdtemp(prefix="opvangnet-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opvangnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks.signin import signed_in_client
    from opvangnet.accounts.models import User
    from opvangnet.capacity.models import Offer
    from opvangnet.capacity.services import Availability, record_availability, save_offer
    from opvangnet.demo.seeding import database_is_empty, seed_country

    call_command("migrate", verbosity=0)
    if database_is_empty():
        started = time.perf_counter()
        seed_country(scale=10, seed=1)
        print(f"seeded with seed --scale 10 in {time.perf_counter() - started:.0f} s")
    coordinator = User.objects.get(username="zorgcoordinator")
    provider = User.objects.get(username="aanbieder")
    admin = User.objects.get(username="landelijk")
    client = signed_in_client(coordinator)
    url = reverse("placement:intake_candidates")
    own = list(Offer.objects.editable_by(provider).order_by("pk")[:1])
    every = list(Offer.objects.order_by("pk")[:1])

    def request(index: int) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, form(INTAKES[index % len(INTAKES)]), HTTP_HX_REQUEST="true")
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed, len(queries)

    def measure(runs: int, before_each: Callable[[int], None] | None = None) -> tuple[list[float], list[int]]:
        timings, counts = [], []
        for index in range(runs):
            if before_each is not None:
                before_each(index)
            elapsed, count = request(index)
            timings.append(elapsed)
            counts.append(count)
        return timings, counts

    for index in range(len(INTAKES)):
        request(index)  # warm up: imports, caches, the first load of the offers
    offers = Offer.objects.filter(active=True).count()
    label = f" ({args.label})" if args.label else ""
    print(f"{connection.vendor}, {offers:,} active offers{label}\n")
    print("| what (server time, ms) | runs | median | p95 | queries |")
    print("|---|---|---|---|---|")
    print(summary(f"candidates partial, offers unchanged{label}", *measure(args.runs)))

    def report(index: int) -> None:
        offer = own[0]
        offer.refresh_from_db()
        free = (offer.free_places + 1) % 3
        record_availability(provider, offer, Availability(free, max(0, offer.places - free), 0))

    print(
        summary(f"candidates partial, after an availability report{label}", *measure(args.runs // 4, report))
    )

    def edit(index: int) -> None:
        offer = every[0]
        offer.refresh_from_db()
        offer.contact_name = f"Contact {index}"
        save_offer(admin, offer)

    print(summary(f"candidates partial, after an offer was edited{label}", *measure(args.runs // 4, edit)))


if __name__ == "__main__":
    main()
