"""Where a page's time goes: `python -m benchmarks.load.profile [PATH ...]`. See benchmarks/README.md.

Requests each page (default: the overview of shelter and help as a coordinator, the waiting list as the
national coordinator, and the intake's candidate list) through Django's test client on the database of
`DATABASE_URL` (seeded as for the load test), ten times after a warm-up, under pyinstrument; prints the
call tree of the slowest frames and writes an HTML report per page to `var/load/`.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ("zorgcoordinator", "/capacity/"),
    ("landelijk", "/placement/"),
    (
        "zorgcoordinator",
        "/placement/new/candidates/?care_type=crisis&exploitation=sexual&gender=woman&age=24&region=VO04"
        "&with_children=0&security=standard&urgency=today",
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paths", nargs="*", help="USER:PATH pairs; default: the pages above")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opvangnet.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from benchmarks.signin import signed_in_client
    from opvangnet.accounts.models import User

    pages = [tuple(p.split(":", 1)) for p in args.paths] if args.paths else PAGES
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    for username, path in pages:
        client = signed_in_client(User.objects.get(username=username))
        headers = {"HTTP_HX_REQUEST": "true"} if "candidates" in path else {}
        client.get(path, **headers)  # warm up
        profiler = Profiler(interval=0.0005)
        timings = []
        with CaptureQueriesContext(connection) as queries:
            profiler.start()
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(path, **headers)
                timings.append((time.perf_counter() - started) * 1000)
            profiler.stop()
        assert response.status_code == 200, (path, response.status_code)
        timings.sort()
        print(
            f"\n=== {path} as {username}: median {timings[len(timings) // 2]:.0f} ms, "
            f"{len(queries) // args.repeat} queries per request ==="
        )
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        name = path.strip("/").split("?")[0].replace("/", "-") or "home"
        (out / f"profile-{name}.html").write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
