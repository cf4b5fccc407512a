"""Settings fail closed: production needs its secrets, DEBUG is off unless asked for."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from opvangnet.core.env import ConfigurationError, env_bool, env_list


def load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    environment.update({"OPVANGNET_VAR_DIR": str(tmp_path), **env})
    code = "import opvangnet.settings as s; print(s.DEBUG, s.LANGUAGE_CODE, s.ALLOWED_HOSTS)"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_local_defaults_are_safe_and_dutch(tmp_path: Path) -> None:
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False nl ['127.0.0.1', 'localhost', 'testserver']"
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_without_secret_key_stops(tmp_path: Path) -> None:
    result = load_settings(tmp_path, OPVANGNET_ENV="production", ALLOWED_HOSTS="opvangnet.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_stops(tmp_path: Path) -> None:
    result = load_settings(tmp_path, OPVANGNET_ENV="production", SECRET_KEY="x" * 50)
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_an_unknown_environment_is_refused(tmp_path: Path) -> None:
    assert "OPVANGNET_ENV must be" in load_settings(tmp_path, OPVANGNET_ENV="staging").stderr


def test_env_helpers_parse_and_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ConfigurationError, match="FLAG must be a boolean"):
        env_bool("FLAG")
    monkeypatch.setenv("HOSTS", " a.example, b.example ,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
