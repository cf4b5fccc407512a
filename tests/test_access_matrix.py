"""Every URL pattern and API route, for anonymous and every role, against the table in access_matrix.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import NOT_IN_TABLE, USERS, Row, World, build_world, matches, parse
from tests.personas import Cast

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # Django's admin: its own permission checks, tested in tests/accounts


def routes() -> Iterator[tuple[str | None, str]]:
    """(name, method) of every URL the project serves, read from the resolver itself."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str | None, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner not in SKIPPED_NAMESPACES:
                    yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield name, pattern.callback

    seen: set[tuple[str | None, str]] = set()
    for name, callback in walk(get_resolver().url_patterns, None):
        actions = getattr(callback, "actions", None)  # a DRF viewset route knows its methods
        # DRF adds HEAD beside GET on the first request; HEAD answers as GET does, so it needs no row.
        methods = [method.upper() for method in actions if method != "head"] if actions else ["*"]
        for method in methods:
            if (name, method) not in seen:
                seen.add((name, method))
                yield name, method


def table_key(rows: dict[tuple[str, str], Row], name: str | None, method: str) -> tuple[str, str] | None:
    if method != "*":
        return (name, method) if (name, method) in rows else None  # type: ignore[return-value]
    return next((key for key in rows if key[0] == name), None)


def clients_for(cast: Cast) -> dict[str, Client]:
    """One signed-in client per column (logged in once, outside the rows' rolled-back transactions)."""
    clients = {"anon": Client()}
    for username in USERS[1:]:
        clients[username] = Client()
        clients[username].force_login(getattr(cast, username))
    return clients


def check_row(row: Row, world: World, clients: dict[str, Client]) -> list[str]:
    """Request the row's URL as every user; return a line for each status that differs from the table.

    Each request runs in a transaction that is rolled back, so every user meets the same world (a permitted
    POST by one cannot change what the next one sees).
    """
    url = reverse(row.name, kwargs=world.kwargs[row.target] if row.target else None)
    problems = []
    for username in USERS:
        with transaction.atomic():
            send = getattr(clients[username], row.method.lower())
            # The API takes JSON; a page takes a form.
            as_json = row.method == "PUT" or (row.method == "POST" and ":" not in row.name)
            response = send(url, content_type="application/json") if as_json else send(url)
            transaction.set_rollback(True)
        if not matches(row.cells[username], response):
            problems.append(
                f"{row.name} {row.method} as {username}: expected {row.cells[username]}, "
                f"got {response.status_code} {response.get('Location', '')}"
            )
    return problems


def test_every_route_is_in_the_table() -> None:
    rows = parse()
    missing = [
        f"{name} {method}"
        for name, method in routes()
        if name not in NOT_IN_TABLE and table_key(rows, name, method) is None
    ]
    assert not missing, "routes missing from tests/access_matrix.py:\n" + "\n".join(missing)
    served = {name for name, _method in routes()}
    stale = sorted({name for name, _method in rows} - served)
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.mark.sqlite_only
def test_every_route_answers_every_role_as_the_table_says(cast: Cast) -> None:
    world, clients = build_world(cast), clients_for(cast)
    problems = []
    for row in parse().values():
        # Logging out ends the shared sessions: that row gets clients of its own.
        row_clients = clients_for(cast) if row.name == "accounts:logout" else clients
        problems += check_row(row, world, row_clients)
    assert not problems, f"{len(problems)} cell(s) differ from tests/access_matrix.py:\n" + "\n".join(
        problems
    )


def test_the_matrix_catches_a_view_that_forgets_its_scoping(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A placement page that fetches the request without `visible_to` shows it to another region."""
    from django.shortcuts import get_object_or_404, render

    from opvangnet.placement.models import PlacementRequest

    def leaky_detail(request: Any, pk: int) -> Any:
        placement = get_object_or_404(PlacementRequest, pk=pk)
        return render(request, "placement/detail.html", {"placement": placement, "proposals": []})

    pattern = next(
        p for p in get_resolver("opvangnet.placement.urls").url_patterns if getattr(p, "name", "") == "detail"
    )
    monkeypatch.setattr(pattern, "callback", leaky_detail)
    problems = check_row(parse()[("placement:detail", "GET")], build_world(cast), clients_for(cast))
    assert any("as bob: expected 404, got 200" in problem for problem in problems), problems
