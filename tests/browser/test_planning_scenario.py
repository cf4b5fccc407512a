"""A policy maker runs a scenario from the web page, follows its progress and compares it with another."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opvangnet.placement.models import PlacementRequest
from opvangnet.planning.models import Scenario
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_offer, make_request
from tests.personas import Cast
from tests.planning.worker import run_queued_tasks

pytestmark = pytest.mark.browser

RUN_TIMEOUT_MS = 60_000


def test_a_scenario_runs_from_the_page_with_progress_and_is_compared(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_offer(cast.secret_a, places=2, accepts_man=False)
    make_offer(cast.secret_b, places=3, care_type="long_term")
    for gender in ("woman", "woman", "man"):
        make_request(cast.alice, gender=gender)
    make_request(cast.bob, care_type="long_term")
    PlacementRequest.objects.update(created_at=timezone.now() - timedelta(days=35))

    login(page, live_server, cast.paul.username)
    page.goto(f"{live_server.url}/planning/")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw scenario").click()
    expect(page.locator("h1")).to_have_text("Nieuw scenario")
    assert_accessible(page)
    page.get_by_label("Naam").fill("Crisis open voor mannen")
    page.get_by_label("Crisisplaatsen openstellen voor mannen").check()
    page.get_by_label("Replicaties").fill("10")
    page.get_by_role("button", name="Scenario doorrekenen").click()

    # Queued: the progress bar is there, polling, before any worker runs.
    expect(page.locator("#progress-bar")).to_be_visible()
    expect(page.locator("#scenario-progress")).to_contain_text("Wacht op de achtergrondverwerking")
    assert_accessible(page)
    # The worker of `opvangnet db_worker`, here in the test's thread: with SQLite's in-memory test database
    # the live server shares this thread's connection, and a second connection would lock it.
    run_queued_tasks()
    expect(page.locator("#care-type-figures")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    expect(page.locator(".planning-headline")).to_contain_text("extra")
    assert_accessible(page)
    first = Scenario.objects.get()

    page.get_by_role("link", name="Nieuw scenario op basis van dit scenario").click()
    page.get_by_label("Naam").fill("Plaatsen delen met buurregio's")
    page.get_by_label("Regio's mogen plaatsen in buurregio's (gedeelde plaatsen)").check()
    page.get_by_label("Replicaties").fill("10")
    page.get_by_role("button", name="Scenario doorrekenen").click()
    expect(page.locator("#progress-bar")).to_be_visible()
    run_queued_tasks()
    expect(page.locator("#care-type-figures")).to_be_visible(timeout=RUN_TIMEOUT_MS)

    page.goto(f"{live_server.url}/planning/")
    page.locator(f"#compare-{first.pk}").check()
    page.locator(f"#compare-{Scenario.objects.exclude(pk=first.pk).get().pk}").check()
    page.get_by_role("button", name="Vergelijk de aangevinkte scenario's").click()
    table = page.locator("#comparison")
    expect(table).to_contain_text("Crisis open voor mannen")
    expect(table).to_contain_text("Plaatsen delen met buurregio's")
    expect(page.locator("img[src^='data:image/svg+xml']")).to_have_count(2)
    assert_accessible(page)
