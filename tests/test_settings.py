"""Settings fail closed: production needs its secrets, DEBUG is off unless asked for."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from opvangnet.core.env import ConfigurationError, env_bool, env_list

STRONG = "k" * 40 + "-strong-enough-and-long"
# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
_SETTINGS_ENV = {
    "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "OPVANGNET_ENV", "OPVANGNET_FIELD_KEY", "OPVANGNET_AUDIT_KEY",
    "OPVANGNET_REQUIRE_SECOND_FACTOR", "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def production(**env: str) -> dict[str, str]:
    """A production environment with every secret set and strong, overridden by `env`."""
    values = {
        "OPVANGNET_ENV": "production",
        "SECRET_KEY": "s" * 20 + "-a-long-random-secret-key-for-django-" + "x" * 20,
        "ALLOWED_HOSTS": "opvangnet.example",
        "OPVANGNET_FIELD_KEY": STRONG,
        "OPVANGNET_AUDIT_KEY": STRONG + "-audit",
    }
    values.update(env)
    return {key: value for key, value in values.items() if value is not None}


def load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in _SETTINGS_ENV}
    environment.update({"OPVANGNET_VAR_DIR": str(tmp_path), **env})
    code = "import opvangnet.settings as s; print(s.DEBUG, s.LANGUAGE_CODE, s.ALLOWED_HOSTS)"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_local_defaults_are_safe_and_dutch(tmp_path: Path) -> None:
    result = load_settings(tmp_path, OPVANGNET_ENV="local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False nl ['127.0.0.1', 'localhost', 'testserver']"
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_deployment_that_forgets_the_environment_runs_as_production(tmp_path: Path) -> None:
    result = load_settings(tmp_path, ALLOWED_HOSTS="opvangnet.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when OPVANGNET_ENV=production" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_complete_production_environment_starts(tmp_path: Path) -> None:
    result = load_settings(tmp_path, **production())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False nl ['opvangnet.example']"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x"}, "SECRET_KEY must be at least 32 characters"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"OPVANGNET_FIELD_KEY": ""}, "OPVANGNET_FIELD_KEY must be set"),
        ({"OPVANGNET_FIELD_KEY": "short"}, "OPVANGNET_FIELD_KEY must be at least 32 characters"),
        ({"OPVANGNET_FIELD_KEY": STRONG + ",short"}, "OPVANGNET_FIELD_KEY must be at least 32 characters"),
        ({"OPVANGNET_AUDIT_KEY": ""}, "OPVANGNET_AUDIT_KEY must be set"),
        ({"OPVANGNET_AUDIT_KEY": "y" * 31}, "OPVANGNET_AUDIT_KEY must be at least 32 characters"),
        ({"OPVANGNET_REQUIRE_SECOND_FACTOR": "0"}, "SECOND_FACTOR cannot be off"),
    ],
)
def test_production_refuses_each_weak_setting(tmp_path: Path, override: dict[str, str], message: str) -> None:
    result = load_settings(tmp_path, **production(**override))
    assert result.returncode != 0
    assert message in result.stderr


def test_the_deployment_check_is_clean_in_production(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in _SETTINGS_ENV}
    environment.update({"OPVANGNET_VAR_DIR": str(tmp_path), **production()})
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "opvangnet.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_field_key_is_derived_with_hkdf_and_older_values_still_decrypt(settings: Any) -> None:
    from cryptography.fernet import Fernet

    from opvangnet.identification import fields

    settings.FIELD_ENCRYPTION_KEYS = [STRONG]
    fields._cipher.cache_clear()
    legacy = Fernet(fields._legacy_fernet_key(STRONG)).encrypt(b"oud").decode()
    assert fields.decrypt(legacy) == "oud"
    fresh = fields.encrypt("nieuw")
    assert Fernet(fields._fernet_key(STRONG)).decrypt(fresh.encode()) == b"nieuw"
    assert fields._fernet_key(STRONG) != fields._legacy_fernet_key(STRONG)
    fields._cipher.cache_clear()


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
