"""The PostgreSQL run is skipped where no server answers, and fails instead when CI requires it."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOBODY = "postgres://postgres@127.0.0.1:1/opvangnet"  # port 1: nothing listens there


def run_postgres_script(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "pytest-postgres"), NOBODY],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs the project's .venv")
def test_an_unreachable_server_is_a_skip_by_default() -> None:
    result = run_postgres_script(OPVANGNET_REQUIRE_POSTGRES="0")
    assert result.returncode == 0
    assert "PostgreSQL run is skipped" in result.stderr


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs the project's .venv")
def test_an_unreachable_server_fails_when_postgres_is_required() -> None:
    result = run_postgres_script(OPVANGNET_REQUIRE_POSTGRES="1")
    assert result.returncode == 1
    assert "PostgreSQL is required" in result.stderr


def test_ci_requires_postgres_and_the_browser() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "OPVANGNET_REQUIRE_POSTGRES=1" in script
    assert "OPVANGNET_REQUIRE_BROWSER=1" in script
    assert "make test" in script
