"""The load of issue 12 as locust users: coordinators, providers and national coordinators at work.

Started by `python -m benchmarks.load` (see benchmarks/README.md), which seeds the database, starts the
servers and passes the settings below through the environment:

- `LOAD_HOSTS`: comma-separated base URLs. With more than one, each action goes to a server picked at random,
  so a user signs in on one server and works on the others: sessions, the offers' change counters and
  everything else must live in the shared database, not in a process.
- `LOAD_SENT`: a file to which every availability report the server accepted is appended as one JSON line,
  so that the run can be checked against the database afterwards.
- `LOAD_PASSWORD`: the demo password.
- `LOAD_TOTP_KEY`: the demo authenticator's key (hex), from which each user computes its second-factor code.

Weights 20 : 25 : 5 give, for 50 users, 20 coordinators browsing the overview and running intakes (the
candidate list refreshes as they fill in the form; now and then a request is registered and proposed to the
best place), 25 providers updating availability and answering their inbox, and 5 national coordinators on
the waiting list. Each waits 1–5 s between actions, as a person does.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any

from django_otp.oath import TOTP
from locust import HttpUser, between, task
from locust.clients import HttpSession

HOSTS = [host for host in os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8120").split(",") if host]
PASSWORD = os.environ.get("LOAD_PASSWORD", "opvangnet-demo")
SENT = os.environ.get("LOAD_SENT", "")
TOTP_KEY = os.environ.get("LOAD_TOTP_KEY", "")
REGIONS = [f"VO{n:02d}" for n in range(1, 36)]
_numbers: dict[str, itertools.count[int]] = {}
_write = threading.Lock()
_sign_in = threading.Lock()
_sessions: dict[str, dict[str, str]] = {}

INTAKES: list[dict[str, Any]] = [
    {"care_type": "crisis", "exploitation": "sexual", "gender": "woman", "age": "24"},
    {
        "care_type": "crisis",
        "exploitation": "labour",
        "gender": "man",
        "age": "31",
        "needs": "no_residence_status",
    },
    {
        "care_type": "long_term",
        "exploitation": "sexual",
        "gender": "woman",
        "age": "19",
        "with_children": "1",
    },
    {
        "care_type": "crisis",
        "exploitation": "criminal",
        "gender": "man",
        "age": "17",
        "guardian": "nidos",
        "youth_care_involved": "false",
    },
    {
        "care_type": "transitional",
        "exploitation": "sexual",
        "gender": "woman",
        "age": "27",
        "languages": "en",
    },
    {
        "care_type": "crisis",
        "exploitation": "sexual",
        "gender": "non_binary",
        "age": "22",
        "security": "high",
    },
    {"care_type": "ambulant", "exploitation": "labour", "gender": "man", "age": "45", "needs": "addiction"},
]
OVERVIEW_FILTERS = [
    "",
    "care_type=crisis&free=true",
    "care_type=crisis&exploitation=labour&gender=man&free=true",
    "region=VO04",
    "care_type=long_term&gender=woman",
]


def next_number(kind: str) -> int:
    counter = _numbers.setdefault(kind, itertools.count(1))
    return next(counter)


def log_in(client: HttpSession, username: str, password: str) -> None:
    """Sign in through the login pages, as a person does: the password, then the authenticator's code. The one
    place to change when login changes: every user signs in through here.

    Users who share a login (the national coordinators) share its session, as one person's browser tabs do:
    an authenticator code is accepted once, so a second sign-in within the same 30 seconds would be refused.
    """
    with _sign_in:
        shared = _sessions.get(username)
        if shared is None:
            _sign_in_through_the_pages(client, username, password)
            _sessions[username] = dict(client.cookies)
            return
    for name, value in shared.items():
        client.cookies.set(name, value)


def _sign_in_through_the_pages(client: HttpSession, username: str, password: str) -> None:
    client.get("/login/", name="login page")
    response = client.post(
        "/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
            "next": "/",
        },
        headers={"Referer": client.base_url + "/login/"},
        name="login",
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"could not sign in as {username}: HTTP {response.status_code}")
    response = client.post(
        "/second-factor/",
        {"code": current_code(), "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""), "next": "/"},
        headers={"Referer": client.base_url + "/second-factor/"},
        name="second factor",
        allow_redirects=False,
    )
    if response.status_code != 302 or "second-factor" in response.headers.get("Location", ""):
        raise RuntimeError(f"{username}'s second factor was refused: HTTP {response.status_code}")


def current_code() -> str:
    totp = TOTP(bytes.fromhex(TOTP_KEY))
    return f"{totp.token():06d}"


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    kind = ""

    def on_start(self) -> None:
        number = next_number(self.kind)
        self.client.base_url = HOSTS[(number - 1) % len(HOSTS)]
        self.login_name = self.username(number)
        log_in(self.client, self.login_name, PASSWORD)

    def username(self, number: int) -> str:
        raise NotImplementedError

    def hop(self) -> None:
        """Send the next action to any of the servers (cookies hold for all ports of 127.0.0.1)."""
        if len(HOSTS) > 1:
            self.client.base_url = random.choice(HOSTS)

    def post(self, path: str, data: dict[str, Any], name: str, htmx: bool = False) -> Any:
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.client.base_url}
        if htmx:
            headers["HX-Request"] = "true"
        return self.client.post(path, data, headers=headers, name=name, allow_redirects=False)


class Coordinator(Person):
    """A zorgcoördinator of one region: the overview, and intakes with the live candidate list."""

    weight = 20
    kind = "coordinator"

    def username(self, number: int) -> str:
        self.region = REGIONS[(number - 1) % len(REGIONS)]
        return f"zc-{self.region.lower()}"

    @task(2)
    def overview(self) -> None:
        self.hop()
        query = random.choice(OVERVIEW_FILTERS)
        self.client.get(
            f"/capacity/?{query}" if query else "/capacity/", name="overview" + (" filtered" if query else "")
        )

    @task(3)
    def intake(self) -> None:
        self.hop()
        self.client.get("/placement/new/", name="intake page")
        needs = dict(random.choice(INTAKES), region=self.region, urgency="today")
        needs.setdefault("with_children", "0")
        needs.setdefault("security", "standard")
        # The list refreshes as the form is filled in: a few partial requests per intake.
        for _ in range(random.randint(2, 4)):
            self.client.get(
                "/placement/new/candidates/",
                params=needs,
                headers={"HX-Request": "true"},
                name="intake candidates",
            )
        if random.random() < 0.15:
            self.register_and_propose(needs)

    def register_and_propose(self, needs: dict[str, Any]) -> None:
        response = self.post("/placement/new/", needs, name="register request")
        match = re.search(r"/placement/requests/(\d+)/", response.headers.get("Location", ""))
        if not match:
            return
        page = self.client.get(f"/placement/requests/{match.group(1)}/", name="request page")
        offer = re.search(rf"/placement/requests/{match.group(1)}/propose/(\d+)/", page.text)
        if offer:
            self.post(offer.group(0), {}, name="propose")


class Provider(Person):
    """Staff of one provider: availability of its own offers, and proposals in its inbox."""

    weight = 25
    kind = "provider"

    def username(self, number: int) -> str:
        return f"staff-{number}"

    @task(3)
    def update_availability(self) -> None:
        self.hop()
        page = self.client.get("/capacity/mine/", name="my offers")
        offers = sorted(set(re.findall(r"/capacity/offers/(\d+)/availability/", page.text)))
        if not offers:
            return
        offer = random.choice(offers)
        values = {
            field: int(found.group(1))
            if (found := re.search(rf'name="offer-{offer}-{field}"[^>]*value="(\d+)"', page.text))
            else 0
            for field in ("free_places", "occupied_places", "waiting_list")
        }
        # Move one place between free and occupied: the total stays within the offer's places.
        if values["free_places"] > 0 and random.random() < 0.5:
            values["free_places"] -= 1
            values["occupied_places"] += 1
        elif values["occupied_places"] > 0:
            values["free_places"] += 1
            values["occupied_places"] -= 1
        values["waiting_list"] = random.randint(0, 3)
        data = {f"offer-{offer}-{field}": value for field, value in values.items()}
        response = self.post(
            f"/capacity/offers/{offer}/availability/", data, name="availability update", htmx=True
        )
        if response.status_code == 200 and saved(response.text):
            record_sent({"offer": int(offer), **values, "user": self.login_name})

    @task(1)
    def inbox(self) -> None:
        self.hop()
        page = self.client.get("/placement/inbox/", name="inbox")
        proposal = re.search(r"/placement/proposals/(\d+)/accept/", page.text)
        if proposal:
            self.post(proposal.group(0), {}, name="accept")


class NationalCoordinator(Person):
    """The national coordination centre on the waiting list."""

    weight = 5
    kind = "national"

    def username(self, number: int) -> str:
        return "landelijk"

    @task(4)
    def waiting_list(self) -> None:
        self.hop()
        self.client.get("/placement/", name="waiting list")

    @task(2)
    def waiting_list_of_a_region(self) -> None:
        self.hop()
        self.client.get(f"/placement/?region={random.choice(REGIONS)}", name="waiting list filtered")

    @task(1)
    def suggested_assignment(self) -> None:
        self.hop()
        self.client.get(
            f"/placement/?region={random.choice(REGIONS)}&suggest=1", name="waiting list suggestion"
        )


def saved(html: str) -> bool:
    """Whether the availability row the server sent back says the report was saved (not a form error)."""
    return "alert--ok" in html and "errorlist" not in html


def record_sent(entry: dict[str, Any]) -> None:
    if not SENT:
        return
    with _write, open(SENT, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")
