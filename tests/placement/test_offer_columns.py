"""The offers held as columns between requests: rebuilt when the database says they changed, never stale.

The last test is the one that matters most: an availability update made by another process (as another
application server would) is seen on the next request, so a full place is never proposed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from opvangnet.capacity.models import Offer
from opvangnet.capacity.services import Availability, record_availability, save_offer
from opvangnet.core import counters
from opvangnet.placement import offer_columns, services
from tests.builders import make_offer, make_request
from tests.personas import Cast

ROOT = Path(__file__).resolve().parents[2]
INTAKE = {
    "region": "VO04",
    "care_type": "crisis",
    "exploitation": ["labour"],
    "gender": "man",
    "age": "30",
    "with_children": "0",
    "security": "standard",
    "urgency": "today",
}


def free_places(offer: Offer) -> int:
    offer_set = offer_columns.current()
    position = offer_set.pks.tolist().index(offer.pk)
    return int(offer_set.columns.free[position])


@pytest.mark.django_db
def test_every_write_of_offers_or_places_bumps_its_counter(cast: Cast) -> None:
    offer = make_offer(cast.secret_a)
    before = counters.read(counters.OFFERS, counters.AVAILABILITY)
    record_availability(cast.carol, offer, Availability(1, 4, 0))
    assert counters.read(counters.OFFERS, counters.AVAILABILITY) == (before[0], before[1] + 1)
    offer.name = "Renamed"
    save_offer(cast.carol, offer)
    assert counters.read(counters.OFFERS, counters.AVAILABILITY) == (before[0] + 1, before[1] + 1)
    placement = make_request(cast.alice, gender="man", exploitation=["labour"])
    proposal = services.propose(cast.alice, placement, offer)
    services.accept_proposal(cast.carol, proposal)  # takes the place
    assert counters.read(counters.AVAILABILITY)[0] == before[1] + 2


@pytest.mark.django_db
def test_an_availability_report_reloads_the_free_places_only(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=2, occupied_places=3)
    first = offer_columns.current()
    assert offer_columns.current() is first  # nothing changed: the same copy
    record_availability(cast.carol, offer, Availability(0, 5, 0))
    second = offer_columns.current()
    assert second is not first
    assert second.columns.care is first.columns.care  # the rule columns are kept
    assert free_places(offer) == 0


@pytest.mark.django_db
def test_an_offer_saved_outside_the_services_is_still_seen(cast: Cast) -> None:
    offer = make_offer(cast.secret_a)
    first = offer_columns.current()
    offer.accepts_man = False
    offer.save()  # as the admin or a shell would: no counter, but the fingerprint changes
    second = offer_columns.current()
    assert second is not first
    position = second.pks.tolist().index(offer.pk)
    assert second.columns.genders[position] & 0b010 == 0  # no longer for men


@pytest.mark.django_db
def test_the_candidates_show_only_offers_the_user_may_see(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="Open")
    make_offer(cast.inactive_b, name="At a closed location")
    client.force_login(cast.alice)
    response = client.get(reverse("placement:intake_candidates"), INTAKE, HTTP_HX_REQUEST="true")
    assert [row.offer.name for row in response.context["found"].fitting] == ["Open"]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, password = settings["USER"] or "", settings["PASSWORD"] or ""
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host, port = settings["HOST"] or "localhost", settings["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


def _report_from_another_process(username: str, offer_pk: int, free: int, occupied: int) -> None:
    """Record availability in a separate Python process on the same database, as another server would."""
    code = (
        "from opvangnet.accounts.models import User\n"
        "from opvangnet.capacity.models import Offer\n"
        "from opvangnet.capacity.services import Availability, record_availability\n"
        f"record_availability(User.objects.get(username={username!r}), Offer.objects.get(pk={offer_pk}),"
        f" Availability({free}, {occupied}, 0))\n"
    )
    env = os.environ | {"DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "opvangnet.settings"}
    subprocess.run([sys.executable, "-m", "django", "shell", "-c", code], cwd=ROOT, env=env, check=True)


@pytest.mark.django_db(transaction=True)
def test_an_availability_update_from_another_process_is_seen_so_no_full_place_is_proposed(
    cast: Cast, client: Client
) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        pytest.skip("the test database lives in this process's memory; the PostgreSQL run proves it")
    offer = make_offer(cast.secret_a, name="Last bed", free_places=1, occupied_places=4)
    client.force_login(cast.alice)
    url = reverse("placement:intake_candidates")

    def fitting() -> list[str]:
        response = client.get(url, INTAKE, HTTP_HX_REQUEST="true")
        return [row.offer.name for row in response.context["found"].fitting]

    assert fitting() == ["Last bed"]
    built_at = offer_columns.current().version

    _report_from_another_process(cast.carol.username, offer.pk, free=0, occupied=5)
    assert fitting() == []  # the columns were rebuilt: the full place is not proposed
    assert offer_columns.current().version != built_at
    assert free_places(offer) == 0
    response = client.get(url, INTAKE, HTTP_HX_REQUEST="true")
    assert "Geen vrije plaats." in response.content.decode()  # and it says why

    _report_from_another_process(cast.carol.username, offer.pk, free=1, occupied=4)
    assert fitting() == ["Last bed"]
