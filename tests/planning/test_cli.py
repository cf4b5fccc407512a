"""`opvangnet simulate`, `plan` and `scenario-from-history` on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.planning.inputs import one_pool, two_stage

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opvangnet.cli", *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_simulate_prints_the_contracts_json_on_stdout(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(two_stage()))
    done = _run("simulate", "--input", str(path), "--json")
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert set(output["streams"]) == {"S1", "S2"}
    assert {"p_wait", "p_wait_ci", "mean_wait_days", "mean_wait_days_ci", "p_placed_within"} <= set(
        output["streams"]["S1"]
    )
    assert {"occupancy", "occupancy_ci"} <= set(output["pools"]["crisis"])


@pytest.mark.parametrize("command", ["simulate", "plan"])
def test_bad_input_exits_2_naming_the_field(tmp_path: Path, command: str) -> None:
    data = one_pool(2, 0.5, 3.0)
    data["pools"][0]["capacity"] = -3
    data["targets"] = [{"stream": "S1", "within_days": 1, "share": 0.9}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    done = _run(command, "--input", str(path), "--json")
    assert done.returncode == 2
    assert "pools[0].capacity" in done.stderr
    assert done.stdout == ""


def test_plan_reads_stdin_and_names_the_extra_places() -> None:
    data = {
        **one_pool(2, 0.5, 20.0, horizon=2_000, warmup=200, replications=5),
        "targets": [{"stream": "S1", "within_days": 1, "share": 0.95}],
    }
    done = subprocess.run(
        [sys.executable, "-m", "opvangnet.cli", "plan", "--input", "-", "--json", "--no-progress"],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["extra"] == {"P1": 14}


def test_the_example_files_run(tmp_path: Path) -> None:
    for command, name in (("simulate", "simulate.json"), ("plan", "plan.json")):
        done = _run(command, "--input", str(ROOT / "examples" / name), "--json", "--no-progress")
        assert done.returncode == 0, done.stderr
        json.loads(done.stdout)


@pytest.mark.django_db
def test_scenario_from_history_counts_unmet_demand_as_demand(tmp_path: Path, cast: object) -> None:
    from tests.builders import make_offer, make_request

    make_offer(cast.secret_a, places=4, accepts_man=False)  # type: ignore[attr-defined]
    placed = make_request(cast.alice)  # type: ignore[attr-defined]
    make_request(cast.alice, gender="man")  # type: ignore[attr-defined]
    make_request(cast.alice, care_type="long_term")  # type: ignore[attr-defined]
    created = placed.created_at
    month = f"{created.year}-{created.month:02d}"
    output = tmp_path / "scenario.json"
    call_command("scenario-from-history", "--from", month, "--to", month, "--output", str(output))
    data = json.loads(output.read_text())
    streams = {s["id"]: s for s in data["streams"]}
    days = (date.fromisoformat(data["source"]["to"]) - date.fromisoformat(data["source"]["from"])).days
    assert data["source"]["requests"] == 3
    assert streams["VO04-crisis-woman"]["arrivals_per_day"] == pytest.approx(1 / days, rel=1e-3)
    assert streams["VO04-crisis-man"]["arrivals_per_day"] == pytest.approx(1 / days, rel=1e-3)
    pools = {p["id"]: p for p in data["pools"]}
    assert pools["VO04-crisis-woman"]["capacity"] == 4
    assert pools["VO04-crisis-man"]["capacity"] == 0  # nobody placed a man there: demand without places
    with (tmp_path / "plan.json").open("w") as result:
        call_command("plan", "--input", str(output), "--json", "--no-progress", stdout=result)
    assert json.loads((tmp_path / "plan.json").read_text())["extra"]["VO04-crisis-man"] >= 1
