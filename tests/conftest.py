import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from tests.personas import Cast, build_cast


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    # The real hasher costs a quarter second per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a fragment remembered by one test must not answer another's page
    (keys carry the values shown, but a test may rename what a key does not)."""
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(user)` stands for a whole login, second factor included, as the real login pages
    would leave the session (tests of the login itself go through those pages)."""
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def touches_the_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & DATABASE_FIXTURES)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL pass runs what touches the database, except the browser tests and `sqlite_only` ones.

    Everything else (pure cores, settings, the CLI, the browser walks of the pages) behaves the same on either
    database and already ran in the SQLite pass; running it twice would double CI's time for nothing. The
    browser tests drive the same views the HTTP tests cover on both databases; `sqlite_only` marks tests
    whose subject is not the database: what the demo generator makes, what a report renders, which role may
    open which route (docs/decisions.md).
    """
    if os.environ.get("OPVANGNET_RUN_EVERYTHING") == "1" or not postgres_run():
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        wanted = touches_the_database(item) and not any(
            item.get_closest_marker(name) for name in ("browser", "sqlite_only")
        )
        (kept if wanted else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def postgres_run() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo country (seed 1), seeded once for a module's tests and rolled back after the last of them.

    Each test's own transaction (the `db` fixture) nests inside as a savepoint, so whatever a test writes is
    undone before the next one, as usual; seeding takes seconds, so a module of demo checks seeds once.
    """
    from django.db import transaction

    from opvangnet.demo.seeding import seed_country

    with django_db_blocker.unblock(), transaction.atomic():
        seed_country(seed=1)
        yield
        transaction.set_rollback(True)
