"""Tiny helpers that read settings from the environment, failing closed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed; start-up must stop."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, local_file: Path, required: bool, min_length: int = 0) -> str:
    """Read a secret from the environment.

    In production (`required`) a missing value, or one shorter than `min_length`, stops start-up. For local
    use the secret is generated once into `local_file` (under `var/`, never committed) so sessions survive a
    restart.
    """
    value = os.environ.get(name, "")
    if value:
        if required and len(value) < min_length:
            raise ConfigurationError(f"{name} must be at least {min_length} characters long")
        return value
    if required:
        raise ConfigurationError(
            f"{name} must be set when OPVANGNET_ENV=production (the default); for a local demo or the tests "
            "set OPVANGNET_ENV=local"
        )
    if local_file.exists():
        return local_file.read_text().strip()
    local_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    local_file.write_text(value)
    local_file.chmod(0o600)
    return value
