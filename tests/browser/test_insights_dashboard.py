"""The national picture is live: a placement recorded in the browser changes the dashboard on the next load.
The dashboard, region, gaps and map pages pass axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opvangnet.placement import services
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Start without cached figures: after a flush SQLite hands out the same ids, hence the same stamps."""
    from django.core.cache import cache

    cache.clear()


def placed_figure(page: Page, live_server: Any, period: str) -> int:
    page.goto(f"{live_server.url}/insights/?period={period}")
    return int(page.locator(".key-figures dd").nth(1).inner_text())


def test_a_placement_shows_on_the_next_load(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    offer = make_offer(cast.secret_a, name="Crisisopvang A")
    placement = make_request(cast.alice)
    proposal = services.propose(cast.alice, placement, offer)
    services.accept_proposal(cast.carol, proposal)
    period = str(timezone.localdate().year)

    login(page, live_server, cast.nina.username)
    before = placed_figure(page, live_server, period)
    assert_accessible(page)
    page.goto(f"{live_server.url}/placement/requests/{placement.pk}/")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("Plaatsing vastgelegd")
    assert placed_figure(page, live_server, period) == before + 1

    for path in (
        f"/insights/regions/VO04/?period={period}",
        f"/insights/gaps/?period={period}",
        f"/insights/map/?period={period}",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_a_policy_maker_sees_suppressed_pages(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_request(cast.alice)
    login(page, live_server, cast.paul.username)
    page.goto(f"{live_server.url}/insights/?period={timezone.localdate().year}")
    expect(page.locator(".key-figures dd").first).to_have_text("<5")
    assert_accessible(page)
