"""The load test in one command: `python -m benchmarks.load` (or `make load`). See benchmarks/README.md.

1. Migrates the PostgreSQL database of `--database-url` (default `LOAD_DATABASE_URL`, else
   `postgres://postgres@127.0.0.1:5432/opvangnet_load`; created when missing) and fills it with
   `seed --scale 10` when it is empty (`--reseed` starts afresh).
2. Starts `--servers` application servers (`opvangnet serve`, gunicorn) on ports `--port`, `--port`+1, ...
   over that one database: sessions and the offers' change counters live in it, nothing in a process.
3. Runs locust headless with the mix of issue 12 (benchmarks/load/locustfile.py) for `--duration` seconds
   with `--users` users, spread over the servers, while it samples the machine's load.
4. Stops the servers and checks the database against what locust sent: every availability report the
   server accepted is in the history with the numbers sent, each offer's current availability is its last
   report or place moved, and no place was taken where none was free.
5. Writes p50/p95/p99 per page, the errors, the throughput, the machine's load and the checks to
   `--out` (default `var/load/`) as a Markdown file, and prints it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/opvangnet_load"


@dataclass
class Machine:
    """Samples /proc every two seconds: the load average and how busy the CPUs were."""

    before: float = 0.0  # the load average when the run started, from other work on the machine
    server_cpu: float = 0.0  # CPU seconds the application servers used after ramp-up
    load: list[float] = field(default_factory=list)
    busy: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    @staticmethod
    def _cpu() -> tuple[int, int]:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    def run(self) -> None:
        with open("/proc/loadavg") as handle:
            self.before = float(handle.read().split()[0])
        used, total = self._cpu()
        while not self._stop.wait(2.0):
            with open("/proc/loadavg") as handle:
                self.load.append(float(handle.read().split()[0]))
            now_used, now_total = self._cpu()
            if now_total > total:
                self.busy.append(100.0 * (now_used - used) / (now_total - total))
            used, total = now_used, now_total

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def summary(self) -> str:
        if not self.load:
            return "no samples"
        mean = sum(self.load) / len(self.load)
        busy = sum(self.busy) / len(self.busy) if self.busy else 0.0
        return (
            f"{os.cpu_count()} CPU cores; load average (1 min) {self.before:.1f} at the start (other work), "
            f"during the run mean {mean:.1f}, max {max(self.load):.1f}; "
            f"CPUs busy {busy:.0f} % on average (all processes on the machine, including other work)"
        )


def cpu_seconds(master: int) -> float:
    """CPU time (user + system) of a gunicorn master, its workers, and workers that have ended."""
    ticks = os.sysconf("SC_CLK_TCK")

    def stat(pid: int) -> list[str]:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()

    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = stat(int(entry))
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        if pid == master:
            total += sum(int(v) for v in fields[11:15]) / ticks  # utime, stime, cutime, cstime
        elif parent == master:
            total += sum(int(v) for v in fields[11:13]) / ticks
    return total


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "opvangnet.settings",
            "OPVANGNET_ENV": env.get("OPVANGNET_ENV", "local"),
            "DEBUG": "0",
        }
    )
    return env


def opvangnet(env: dict[str, str], *arguments: str) -> None:
    command = [sys.executable, "-m", "opvangnet.cli", *arguments]
    subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603 - our own interpreter and options


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database when it does not exist yet."""
    import psycopg

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')  # a name from our own option


def wait_until_up(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/login/", timeout=5) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"the server at {url} did not answer within {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--users", type=int, default=50)
    # Signing in hashes a password (about half a second of CPU): start users gently, then reset the figures.
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (after all have started)")
    parser.add_argument("--servers", type=int, default=1, help="application servers over the one database")
    parser.add_argument("--port", type=int, default=8120, help="port of the first server")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "load")
    parser.add_argument("--reseed", action="store_true", help="replace the demo data first")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the load test runs on PostgreSQL: give a postgres:// URL")

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    prefix = args.out / f"{stamp}-{args.servers}-server"
    env = environment(args.database_url)
    ensure_database(args.database_url)
    opvangnet(env, "migrate", "--verbosity", "0")
    os.environ.update(env)
    import django

    django.setup()
    from opvangnet.demo.seeding import database_is_empty

    if args.reseed or database_is_empty():
        print("seeding the demo country (seed --scale 10) ...", flush=True)
        opvangnet(env, "seed", "--scale", "10", *(["--replace"] if args.reseed else []))
    before = marks()

    hosts = [f"http://127.0.0.1:{args.port + i}" for i in range(args.servers)]
    servers = []
    for i, host in enumerate(hosts):
        log = open(f"{prefix}-server{i + 1}.log", "w")  # noqa: SIM115 - closed when the server stops
        command = [sys.executable, "-m", "opvangnet.cli", "serve", "--bind", host.removeprefix("http://")]
        servers.append(
            # Our own interpreter and options.
            (subprocess.Popen([*command, "--no-access-log"], env=env, cwd=ROOT, stdout=log, stderr=log), log)  # noqa: S603
        )
    sent = Path(f"{prefix}-sent.jsonl")
    machine = Machine()
    try:
        for host in hosts:
            wait_until_up(host)
        print(
            f"{len(hosts)} server(s) up: {', '.join(hosts)}; {args.users} users for {args.duration} s",
            flush=True,
        )
        machine.start()
        ramp = int(args.users / args.spawn_rate) + 1
        locust = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "benchmarks/load/locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration + ramp}s",
            "--host",
            hosts[0],
            "--csv",
            str(prefix),
            "--only-summary",
            "--reset-stats",
            "--stop-timeout",
            "10",
        ]
        from opvangnet.accounts.demo import DEMO_TOTP_KEY

        locust_env = env | {
            "LOAD_HOSTS": ",".join(hosts),
            "LOAD_SENT": str(sent),
            "LOAD_TOTP_KEY": DEMO_TOTP_KEY,
        }
        running = subprocess.Popen(locust, env=locust_env, cwd=ROOT)  # noqa: S603 - our own options
        # The figures are reset once every user has started; count the servers' CPU from then on too.
        time.sleep(ramp)
        cpu_before = sum(cpu_seconds(process.pid) for process, _log in servers)
        running.wait()
        machine.server_cpu = sum(cpu_seconds(process.pid) for process, _log in servers) - cpu_before
    finally:
        machine.stop()
        for process, _log in servers:
            process.send_signal(signal.SIGTERM)
        for process, log in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()

    checks = check(before, sent)
    report = write_report(prefix, args, hosts, machine, checks)
    print(report)
    print(f"written to {prefix}-results.md")


@dataclass
class Marks:
    snapshot: int
    proposal: int


def marks() -> Marks:
    from django.db.models import Max

    from opvangnet.capacity.models import AvailabilitySnapshot
    from opvangnet.placement.models import Proposal

    return Marks(
        AvailabilitySnapshot.objects.aggregate(top=Max("pk"))["top"] or 0,
        Proposal.objects.aggregate(top=Max("pk"))["top"] or 0,
    )


def check(before: Marks, sent_file: Path) -> dict[str, Any]:
    """Compare what locust sent (and the server accepted) with the database."""
    from opvangnet.capacity.models import AvailabilitySnapshot, AvailabilitySource, Offer
    from opvangnet.placement.models import Proposal, ProposalOutcome

    sent: dict[int, Counter[tuple[int, int, int]]] = defaultdict(Counter)
    reports = 0
    if sent_file.exists():
        for line in sent_file.read_text().splitlines():
            entry = json.loads(line)
            sent[entry["offer"]][(entry["free_places"], entry["occupied_places"], entry["waiting_list"])] += 1
            reports += 1
    history: dict[int, list[tuple[int, str, int, int, int]]] = defaultdict(list)
    for pk, offer, source, free, occupied, waiting in (
        AvailabilitySnapshot.objects.filter(pk__gt=before.snapshot)
        .order_by("pk")
        .values_list("pk", "offer_id", "source", "free_places", "occupied_places", "waiting_list")
    ):
        history[offer].append((pk, source, free, occupied, waiting))
    lost = 0
    for offer, counts in sent.items():
        stored = Counter(
            (f, o, w) for _, source, f, o, w in history[offer] if source == AvailabilitySource.WEB
        )
        lost += sum((counts - stored).values())
    touched = Offer.objects.in_bulk(list(history))
    stale = 0
    for offer_id, entries in history.items():
        _, _, free, occupied, waiting = entries[-1]
        offer = touched[offer_id]
        if (offer.free_places, offer.occupied_places, offer.waiting_list) != (free, occupied, waiting):
            stale += 1
    # A place taken by a placement must come out of the free places: occupied up by one, free down by one.
    overbooked = 0
    taken = 0
    previous: dict[int, tuple[int, int]] = {}
    for offer_id, entries in history.items():
        for _, source, free, occupied, _ in entries:
            if source == AvailabilitySource.PLACEMENT and offer_id in previous:
                before_free, before_occupied = previous[offer_id]
                if occupied > before_occupied:
                    taken += 1
                    if before_free < 1 or free != before_free - 1:
                        overbooked += 1
            previous[offer_id] = (free, occupied)
    impossible = sum(
        1
        for offer in Offer.objects.filter(places__gt=0)
        if offer.free_places + offer.occupied_places > offer.places
    )
    new = Proposal.objects.filter(pk__gt=before.proposal)
    return {
        "reports": reports,
        "lost": lost,
        "stale": stale,
        "offers_reported": len(history),
        "taken": taken,
        "overbooked": overbooked,
        "over_capacity": impossible,
        "proposals": new.count(),
        "accepted": new.exclude(outcome=ProposalOutcome.PENDING).count(),
    }


def write_report(
    prefix: Path, args: argparse.Namespace, hosts: list[str], machine: Machine, checks: dict[str, Any]
) -> str:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    with open(f"{prefix}_failures.csv", encoding="utf-8") as errors:
        failures = list(csv.DictReader(errors))
    lines = [
        f"# Load run {prefix.name}",
        "",
        f"{args.users} users ({args.duration} s after ramp-up), think time 1–5 s, {len(hosts)} server(s) "
        f"({', '.join(hosts)}), database {args.database_url.rpartition('@')[2]}.",
        f"Machine: {machine.summary()}.",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} |"
        )
    if total is not None:
        count, errors_ = total["Request Count"], total["Failure Count"]
        lines.append(
            f"| **all** | {count} | {errors_} | {total['50%']} | {total['95%']} | {total['99%']} | "
            f"{float(total['Max Response Time']):.0f} |"
        )
        lines += ["", f"Throughput: {float(total['Requests/s']):.1f} requests per second."]
        per_request = 1000 * machine.server_cpu / max(1, int(total["Request Count"]))
        lines += [
            f"The application servers used {machine.server_cpu:.0f} CPU seconds after ramp-up, "
            f"{per_request:.0f} ms per request: whatever else runs on the machine, {os.cpu_count()} cores "
            f"serve at most about {1000 * (os.cpu_count() or 1) / max(per_request, 1):.0f} such requests per "
            "second (the database's own CPU not counted)."
        ]
    lines += ["", "Errors:" if failures else "Errors: none."]
    lines += [f"- {f['Method']} {f['Name']}: {f['Error']} ({f['Occurrences']}×)" for f in failures]
    lines += [
        "",
        "Checks against the database:",
        f"- availability reports accepted by the server: {checks['reports']}; missing from the history: "
        f"{checks['lost']} (lost updates)",
        "- offers whose current availability differs from their last report or place moved: "
        f"{checks['stale']} of {checks['offers_reported']}",
        f"- places taken by placements: {checks['taken']}; taken without a free place: "
        f"{checks['overbooked']}; offers with more free and occupied places than places: "
        f"{checks['over_capacity']}",
        f"- proposals made during the run: {checks['proposals']}, answered: {checks['accepted']}",
    ]
    text = "\n".join(lines) + "\n"
    Path(f"{prefix}-results.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
