"""A provider updates free places in the browser; a coordinator sees it at once; the history keeps it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from opvangnet.capacity.models import AvailabilitySnapshot
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.browser


def test_a_provider_updates_availability_and_a_coordinator_sees_it(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    offer = make_offer(cast.secret_a, name="Crisisopvang vrouwen", places=6, free_places=0, occupied_places=6)
    make_offer(cast.secret_b, name="Opvang Rotterdam")

    login(page, live_server, cast.carol.username)
    page.goto(f"{live_server.url}/capacity/mine/")
    assert "Opvang Rotterdam" not in page.content()
    assert_accessible(page)
    item = page.locator(f"#availability-{offer.pk}")
    item.get_by_label("Vrije plaatsen").fill("2")
    item.get_by_label("Bezette plaatsen").fill("4")
    item.get_by_role("button", name="Opslaan").click()
    expect(page.locator(f"#availability-{offer.pk} .utrecht-alert--ok")).to_contain_text("Opgeslagen")

    snapshot = AvailabilitySnapshot.objects.get(offer=offer)
    assert (snapshot.free_places, snapshot.occupied_places, snapshot.source) == (2, 4, "web")

    page.context.clear_cookies()
    login(page, live_server, cast.alice.username)
    page.goto(f"{live_server.url}/capacity/?free=on&gender=woman")
    row = page.locator(f"#offer-{offer.pk}")
    expect(row).to_contain_text("Crisisopvang vrouwen")
    expect(row.locator("strong")).to_have_text("2")
    expect(row).not_to_contain_text("Geheimstraat")  # need to know: only through a recorded reveal
    expect(row).to_contain_text("geheim adres")
    assert_accessible(page)

    page.goto(f"{live_server.url}/capacity/offers/{offer.pk}/")
    expect(page.locator("table")).to_contain_text("Webpagina")
    assert_accessible(page)


def test_the_filters_update_the_overview_without_a_reload(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_offer(cast.secret_a, name="Crisis A")
    make_offer(cast.secret_b, name="Langdurig B", care_type="long_term")
    page.goto(f"{live_server.url}/capacity/")
    expect(page.locator("#results")).to_contain_text("Langdurig B")
    page.get_by_label("Soort opvang").select_option("crisis")
    expect(page.locator("#results")).not_to_contain_text("Langdurig B")
    expect(page.locator("#results")).to_contain_text("Crisis A")
    assert "care_type=crisis" in page.url
    assert "Geheimstraat" not in page.content()  # anonymous visitors see no addresses
