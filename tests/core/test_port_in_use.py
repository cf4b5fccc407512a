"""A second start on a port that is taken stops at once with a message that says what to do."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from opvangnet.core.ports import port_in_use, with_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something listens on for the length of the test."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def opvangnet(*arguments: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "OPVANGNET_BIND"},
        "OPVANGNET_ENV": "local",
        "OPVANGNET_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/never-made.sqlite3",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "opvangnet.cli", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", [["serve", "--bind"], ["demo", "--bind"]])
def test_a_taken_port_stops_serve_and_demo_with_a_clear_message(
    taken_port: int, tmp_path: Path, command: list[str]
) -> None:
    result = opvangnet(*command, f"127.0.0.1:{taken_port}", tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"Adres 127.0.0.1:{taken_port} is al in gebruik" in result.stderr
    assert f"Address 127.0.0.1:{taken_port} is already in use" in result.stderr
    assert f"make run PORT={taken_port + 1}" in result.stderr
    assert "Connection in use" not in result.stderr + result.stdout
    # The demo stops before it migrates or seeds anything.
    assert not (tmp_path / "never-made.sqlite3").exists()


def test_the_port_option_and_opvangnet_bind_choose_where_the_demo_serves(
    taken_port: int, tmp_path: Path
) -> None:
    by_option = opvangnet("demo", "--port", str(taken_port), tmp_path=tmp_path)
    assert f"127.0.0.1:{taken_port} is al in gebruik" in by_option.stderr
    by_environment = opvangnet("demo", tmp_path=tmp_path, OPVANGNET_BIND=f"127.0.0.1:{taken_port}")
    assert f"127.0.0.1:{taken_port} is al in gebruik" in by_environment.stderr


def test_make_run_passes_the_port_on() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        [make, "-n", "-C", str(ROOT), "run", "PORT=8124"], capture_output=True, text=True, check=False
    )
    assert "opvangnet demo --port 8124" in dry.stdout


def test_the_check_tells_a_taken_port_from_a_free_one(taken_port: int) -> None:
    assert port_in_use(f"127.0.0.1:{taken_port}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert not port_in_use(f"127.0.0.1:{free}")
    assert not port_in_use("unix:/run/opvangnet.sock")
    assert with_port("0.0.0.0:8000", 8124) == "0.0.0.0:8124"
