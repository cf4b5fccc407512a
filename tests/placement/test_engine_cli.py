"""`opvangnet match` and `assign` on the examples: JSON out and exit 0; bad input: exit 2, naming the field.

They run as the real command in a subprocess, against a database that does not exist, to show that they
need none.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def opvangnet(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    database = tmp_path / "never-created.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
    completed = subprocess.run(
        [sys.executable, "-m", "opvangnet.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert not database.exists()
    return completed


def test_match_prints_every_offer_of_the_example_once_as_json(tmp_path: Path) -> None:
    completed = opvangnet(tmp_path, "match", "--input", str(EXAMPLES / "match.json"), "--json")
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    offers = json.loads((EXAMPLES / "match.json").read_text())["offers"]
    listed = [c["offer"] for c in output["candidates"]] + [e["offer"] for e in output["excluded"]]
    assert sorted(listed) == sorted(o["id"] for o in offers)
    assert output["candidates"][0]["offer"] == "COSM-RTM-1"
    assert output["candidates"][0]["reasons"][1] == {"code": "home_region", "text": "In de eigen regio VO28."}


def test_assign_prints_the_optimal_assignment_of_the_example_in_english(tmp_path: Path) -> None:
    completed = opvangnet(
        tmp_path, "assign", "--input", str(EXAMPLES / "assign.json"), "--json", "--lang", "en"
    )
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert set(output) == {"assignments", "unplaced", "placed", "optimal", "seconds"}
    assert (output["placed"], output["optimal"]) == (7, True)
    assert {
        "request": "PR-0420",
        "why": [{"code": "no_fitting_offer", "text": "No offer with a free place fits this request."}],
    } in output["unplaced"]


def test_bad_input_on_stdin_exits_with_2_and_names_the_field(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "match.json").read_text())
    data["offers"][3]["care_type"] = "crisi"
    completed = opvangnet(tmp_path, "match", "--input", "-", "--json", stdin=json.dumps(data))
    assert completed.returncode == 2
    assert "offers[3].care_type: unknown value 'crisi'" in completed.stderr
    assert completed.stdout == ""


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("{not json", "input: not valid JSON"), ('{"requests": [], "offers": []}', "regions: missing")],
)
def test_unreadable_input_exits_with_2(tmp_path: Path, stdin: str, message: str) -> None:
    completed = opvangnet(tmp_path, "assign", "--input", "-", stdin=stdin)
    assert completed.returncode == 2
    assert message in completed.stderr


def test_without_json_it_prints_a_short_table(tmp_path: Path) -> None:
    completed = opvangnet(tmp_path, "match", "--input", str(EXAMPLES / "match.json"))
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Passend (3)\n")
    assert "TWENTE-CRISIS-8  Geen vrije plaats." in completed.stdout
