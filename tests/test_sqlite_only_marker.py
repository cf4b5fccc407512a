"""`sqlite_only` sweeps run once per CI run: on SQLite, skipped on PostgreSQL (tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import pytest_collection_modifyitems


class FakeItem:
    def __init__(self, *markers: str) -> None:
        self.markers = set(markers)
        self.added: list[Any] = []

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.markers else None

    def add_marker(self, marker: Any) -> None:
        self.added.append(marker)


@pytest.mark.parametrize(
    ("database_url", "skipped"),
    [
        ("postgres://postgres@127.0.0.1:5432/opvangnet", True),
        ("postgresql://postgres@db/opvangnet", True),
        ("sqlite:///var/test.sqlite3", False),
        ("", False),
    ],
)
def test_a_sqlite_only_test_is_skipped_on_postgresql_only(
    monkeypatch: pytest.MonkeyPatch, database_url: str, skipped: bool
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    sweep, other = FakeItem("sqlite_only", "browser"), FakeItem("browser")
    pytest_collection_modifyitems(None, [sweep, other])  # type: ignore[arg-type, list-item]
    assert bool(sweep.added) is skipped
    assert not other.added
