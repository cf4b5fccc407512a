"""The load balancer's health endpoint, and logs as JSON lines without person data or 4xx tracebacks."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from opvangnet.operations import health
from opvangnet.operations.logs import JsonFormatter, NoTracebackBelow500
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_health_answers_ok_for_anyone(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_health_answers_503_naming_the_failing_check(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "get", lambda key, default=None: None)  # a cache that loses what it is given
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok", "cache": "failing"}


def test_pending_migrations_make_health_fail(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("app", False)])
    assert client.get("/health/").json()["checks"]["migrations"] == "failing"


def _record(client: Client, path: str, caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(path)
    return next(record for record in caplog.records if record.name == "django.request")


def test_an_ordinary_403_or_404_logs_one_line_without_a_traceback(
    cast: Cast, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.paul)  # a policy maker may look but not change
    forbidden = _record(client, f"/capacity/offers/{offer.pk}/edit/?naam=Testpersoon", caplog)
    assert forbidden.status_code == 403  # type: ignore[attr-defined]
    # Django attaches the PermissionDenied traceback; the configured console handler's filter has dropped it.
    assert forbidden.exc_info is None
    line = json.loads(JsonFormatter().format(forbidden))
    assert "exception" not in line
    assert line["status"] == 403
    assert line["path"] == f"/capacity/offers/{offer.pk}/edit/"
    assert "Testpersoon" not in json.dumps(line)  # the query string is never logged

    missing = _record(client, "/capacity/offers/999999/", caplog)
    NoTracebackBelow500().filter(missing)
    assert "exception" not in json.loads(JsonFormatter().format(missing))


def test_a_server_error_keeps_its_traceback() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, "", 0, "Internal Server Error", (), sys.exc_info()
        )
    record.status_code = 500
    NoTracebackBelow500().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert "RuntimeError: boom" in line["exception"]
    assert line["level"] == "ERROR"


def test_the_configured_handler_uses_the_filter() -> None:
    from django.conf import settings

    logging_config: Any = settings.LOGGING
    assert logging_config["handlers"]["console"]["filters"] == ["no_traceback_below_500"]
    assert settings.LOG_FORMAT in {"json", "text"}
