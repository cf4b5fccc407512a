"""Serving: persistent, checked database connections and gunicorn's processes and threads from settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command


def serving_settings(tmp_path: Path, **env: str) -> list[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_CONN_MAX_AGE",
            "DATABASE_CONN_HEALTH_CHECKS",
            "WEB_CONCURRENCY",
            "OPVANGNET_THREADS",
        }
    }
    environment.update({"OPVANGNET_VAR_DIR": str(tmp_path), **env})
    code = (
        "import opvangnet.settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.SERVE_WORKERS, s.SERVE_THREADS, s.SERVE_TIMEOUT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_connections_persist_and_are_checked_and_workers_follow_the_cores_by_default(tmp_path: Path) -> None:
    age, checks, workers, threads, timeout = serving_settings(tmp_path)
    assert (age, checks, threads, timeout) == ("60", "True", "4", "30")
    assert int(workers) == max(2, (os.cpu_count() or 1) + 1)


def test_each_serving_setting_comes_from_the_environment(tmp_path: Path) -> None:
    values = serving_settings(
        tmp_path,
        DATABASE_CONN_MAX_AGE="0",
        DATABASE_CONN_HEALTH_CHECKS="0",
        WEB_CONCURRENCY="3",
        OPVANGNET_THREADS="8",
        OPVANGNET_REQUEST_TIMEOUT="60",
    )
    assert values == ["0", "False", "3", "8", "60"]


def test_serve_starts_gunicorn_with_the_workers_and_threads_of_the_settings(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SERVE_WORKERS, settings.SERVE_THREADS, settings.SERVE_TIMEOUT = 5, 6, 7
    settings.SERVE_KEEPALIVE = 8
    started: list[list[str]] = []
    # The command replaces itself by gunicorn; catch that moment instead of serving for ever.
    monkeypatch.setattr(os, "execv", lambda _path, arguments: started.append(arguments))
    call_command("serve", bind="127.0.0.1:8120")
    (arguments,) = started
    assert arguments[1:4] == ["-m", "gunicorn", "opvangnet.wsgi:application"]
    options = dict(zip(arguments[4::2], arguments[5::2], strict=False))
    assert options["--bind"] == "127.0.0.1:8120"
    assert (options["--workers"], options["--threads"], options["--timeout"]) == ("5", "6", "7")
    assert options["--keep-alive"] == "8"
    assert "--access-logfile" in arguments
    started.clear()
    call_command("serve", workers=1, threads=2, no_access_log=True)
    assert "--access-logfile" not in started[0]
    assert started[0][started[0].index("--workers") + 1] == "1"
