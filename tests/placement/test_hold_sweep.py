"""Held places whose time is over go back through one sweep (`expire-holds --every`), never through a page:
pages only read and say the hold is over; recording an arrival after the time gives the place back at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.capacity.models import Offer
from opvangnet.core.gunicorn_hooks import background_commands
from opvangnet.placement import services
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome, RequestStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast

ROOT = Path(__file__).resolve().parents[2]


def _expired_hold(cast: Cast) -> Proposal:
    offer = make_offer(cast.secret_a, name="Crisis bed", free_places=1, occupied_places=4)
    proposed = services.propose(cast.alice, make_request(cast.alice), offer)
    proposal = services.accept_proposal(cast.carol, proposed)
    Proposal.objects.filter(pk=proposal.pk).update(hold_until=timezone.now() - timedelta(minutes=1))
    proposal.refresh_from_db()
    return proposal


@pytest.mark.django_db
def test_pages_with_an_expired_hold_change_nothing_and_say_it_is_over(cast: Cast, client: Client) -> None:
    proposal = _expired_hold(cast)
    client.force_login(cast.alice)
    detail = client.get(reverse("placement:detail", args=[proposal.request_id])).content.decode()
    client.get(reverse("placement:waiting_list"))
    client.force_login(cast.carol)
    inbox = client.get(reverse("placement:inbox")).content.decode()

    proposal.refresh_from_db()
    assert proposal.outcome == ProposalOutcome.ACCEPTED  # no GET gave the place back
    assert "niet meer vastgehouden sinds" in detail
    assert "De plek werd vastgehouden tot" in detail
    assert reverse("placement:record_intake", args=[proposal.request_id]) not in detail
    assert "komt zo meteen weer vrij" in inbox
    assert reverse("placement:record_intake", args=[proposal.request_id]) not in inbox


@pytest.mark.django_db
def test_recording_an_arrival_after_the_hold_gives_the_place_back_and_says_so(cast: Cast) -> None:
    proposal = _expired_hold(cast)
    placement = PlacementRequest.objects.get(pk=proposal.request_id)
    with pytest.raises(ValidationError, match="teruggegeven en de aanvraag staat weer open"):
        services.record_intake(cast.alice, placement, timezone.localdate())
    proposal.refresh_from_db()
    placement.refresh_from_db()
    assert proposal.outcome == ProposalOutcome.EXPIRED
    assert placement.status == RequestStatus.OPEN
    assert Offer.objects.get(pk=proposal.offer_id).free_places == 1


@pytest.mark.django_db
def test_a_hold_still_running_can_become_a_placement(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, free_places=1, occupied_places=4)
    placement = make_request(cast.alice)
    services.accept_proposal(cast.carol, services.propose(cast.alice, placement, offer))
    services.record_intake(cast.alice, placement, timezone.localdate())
    placement.refresh_from_db()
    assert placement.status == RequestStatus.PLACED


def test_serve_starts_the_task_worker_and_the_sweep_as_the_settings_ask(settings: Any) -> None:
    settings.TASK_WORKER, settings.HOLD_SWEEP_SECONDS = True, 30
    assert background_commands() == [
        ["db_worker", "--queue-name", "default"],
        ["expire-holds", "--every", "30"],
    ]
    settings.TASK_WORKER, settings.HOLD_SWEEP_SECONDS = False, 0
    assert background_commands() == []


def test_a_sweep_needs_a_positive_interval() -> None:
    with pytest.raises(CommandError, match="above 0"):
        call_command("expire-holds", every=0)


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "localhost", settings["PORT"] or 5432
    user = f"{settings['USER']}@" if settings["USER"] else ""
    return f"postgres://{user}{host}:{port}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_running_sweep_gives_the_place_back_and_reopens_the_request(cast: Cast) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        pytest.skip("the test database lives in this process's memory; the PostgreSQL run proves it")
    proposal = _expired_hold(cast)
    env = os.environ | {"DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "opvangnet.settings"}
    sweep = subprocess.Popen(  # the command `opvangnet serve` starts beside the web server
        [sys.executable, "-m", "opvangnet.cli", "expire-holds", "--every", "0.2"], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and sweep.poll() is None:
            proposal.refresh_from_db()
            if proposal.outcome != ProposalOutcome.ACCEPTED:
                break
            time.sleep(0.2)
        assert sweep.poll() is None, "the sweep stopped instead of running on"
    finally:
        sweep.terminate()
        sweep.wait(timeout=10)
    assert proposal.outcome == ProposalOutcome.EXPIRED
    assert PlacementRequest.objects.get(pk=proposal.request_id).status == RequestStatus.OPEN
