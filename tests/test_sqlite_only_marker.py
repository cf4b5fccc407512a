"""The PostgreSQL pass keeps what touches the database and leaves out browser and `sqlite_only` tests."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import pytest_collection_modifyitems


class FakeItem:
    def __init__(self, *markers: str, fixtures: tuple[str, ...] = ()) -> None:
        self.markers = set(markers)
        self.fixturenames = fixtures

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.markers else None


def run_filter(database_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("OPVANGNET_RUN_EVERYTHING", raising=False)
    deselected: list[Any] = []
    config = SimpleNamespace(hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items)))
    items = [
        FakeItem("django_db"),
        FakeItem(fixtures=("cast", "db")),
        FakeItem("django_db", "sqlite_only"),
        FakeItem("browser", fixtures=("live_server", "transactional_db")),
        FakeItem(),
    ]
    pytest_collection_modifyitems(config, items)  # type: ignore[arg-type]
    return items, deselected


@pytest.mark.parametrize(
    "database_url", ["postgres://postgres@127.0.0.1:5432/opvangnet", "postgresql://db/x"]
)
def test_the_postgresql_pass_keeps_only_database_tests(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    items, deselected = run_filter(database_url, monkeypatch)
    assert [item.markers or set(item.fixturenames) for item in items] == [{"django_db"}, {"cast", "db"}]
    assert len(deselected) == 3


@pytest.mark.parametrize("database_url", ["sqlite:///var/test.sqlite3", ""])
def test_the_sqlite_pass_keeps_everything(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    items, deselected = run_filter(database_url, monkeypatch)
    assert len(items) == 5
    assert deselected == []
