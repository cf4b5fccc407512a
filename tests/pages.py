"""Every page of the site as every role: the (route, user, url) triples the page sweeps walk.

Read from the access table (tests/access_matrix.py): every named page route (not the API) fetched with GET,
for every user whose cell says 200, with its URL filled in from the table's world. Files (CSV, XLSX, PDF) are
left to the callers, who look at the response's content type.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tests.access_matrix import USERS, World, parse


@dataclass(frozen=True)
class Visit:
    route: str
    username: str
    url: str


def page_visits(world: World, users: tuple[str, ...] = USERS) -> list[Visit]:
    """Every (page, user) the table lets in with a 200 answer, in table order."""
    visits = []
    for row in parse().values():
        if row.method != "GET" or ":" not in row.name:
            continue
        url = reverse(row.name, kwargs=world.kwargs[row.target] if row.target else None)
        visits += [Visit(row.name, user, url) for user in users if row.cells[user] == "200"]
    return visits
