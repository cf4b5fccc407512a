"""The whole API fuzzed from its own OpenAPI schema with schemathesis: valid and invalid requests, anonymous
and with a provider's and a coordinator's token. No request may get a 5xx, and every documented answer must
match the schema. The run is bounded (a fixed number of examples per operation, no shrinking) and seeded.

Identification routes are fuzzed apart (`test_identification_api_fuzz`), with the chain partner and the
national coordinator as extra callers because they are the ones who use those routes.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from opvangnet.placement import services
from tests.builders import make_api_token, make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 10  # per mode (valid, invalid) and per caller: about 1,300 requests in all
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
IDENTIFICATION = "/api/v1/identification/"


def _schema(client: Client) -> Any:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(json.loads(response.content))


def _world(cast: Cast) -> dict[str, dict[str, str]]:
    """Some rows to find, and the three callers: anonymous, a provider and a coordinator."""
    offer = make_offer(cast.secret_a)
    for _ in range(3):
        services.propose(cast.alice, make_request(cast.alice), offer)
    return {
        "anonymous": {},
        "provider": {"Authorization": f"Token {make_api_token(cast.carol)}"},
        "coordinator": {"Authorization": f"Token {make_api_token(cast.alice)}"},
    }


def _runner(
    strategy: Any, app: Any, who: str, headers: dict[str, str], sent: Counter[str], failures: list[str]
) -> Any:
    """A bounded, seeded hypothesis run of one operation for one caller; failures are collected."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        if headers:
            case.headers = {**(case.headers or {}), **headers}
        response = case.call(app=app)
        sent[who] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:  # collected, so one run reports every broken operation
            for failure in group.exceptions:
                failures.append(
                    f"{who} {case.method} {case.formatted_path}: {failure.title}: {failure.message[:600]}"
                )

    return run


@contextlib.contextmanager
def _connection_kept() -> Iterator[None]:
    """Like Django's test client: requests must not close the test's database connection (its transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz(
    schema: Any, callers: dict[str, dict[str, str]], *, identification: bool
) -> tuple[Counter[str], list[str]]:
    app = get_wsgi_application()
    sent: Counter[str] = Counter()
    failures: list[str] = []
    with _connection_kept():
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path.startswith(IDENTIFICATION) != identification:
                continue
            for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
                strategy = operation.as_strategy(generation_mode=mode)
                for who, headers in callers.items():
                    # Nothing invalid can be sent to an operation without inputs (Unsatisfiable).
                    with contextlib.suppress(Unsatisfiable):
                        _runner(strategy, app, who, headers, sent, failures)()
    return sent, failures


def test_the_api_answers_every_generated_request_without_a_server_error(client: Client, cast: Cast) -> None:
    callers = _world(cast)
    started = time.monotonic()
    sent, failures = _fuzz(_schema(client), callers, identification=False)
    print(f"API fuzz: {sum(sent.values())} requests ({dict(sent)}) in {time.monotonic() - started:.0f} s")
    assert failures == [], "\n".join(sorted(set(failures)))
    assert sum(sent.values()) >= 1000, sent
    assert set(sent) == set(callers)
    assert time.monotonic() - started < 600, "the fuzz run must stay bounded"


def test_identification_api_fuzz(client: Client, cast: Cast) -> None:
    callers = _world(cast)
    # The roles that use these routes: a chain partner refers, the national coordinator runs the cases.
    callers["chain_partner"] = {"Authorization": f"Token {make_api_token(cast.rick)}"}
    callers["national_coordinator"] = {"Authorization": f"Token {make_api_token(cast.nina)}"}
    sent, failures = _fuzz(_schema(client), callers, identification=True)
    print(f"Identification API fuzz: {sum(sent.values())} requests ({dict(sent)})")
    assert sum(sent.values()) > 0
    assert failures == [], "\n".join(sorted(set(failures)))
