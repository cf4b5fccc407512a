"""A coordinator takes a request from intake to placement; the provider answers it in its inbox."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from opvangnet.placement.models import PlacementRequest, RequestStatus
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.browser


def test_from_intake_to_placement(transactional_db: None, cast: Cast, page: Page, live_server: Any) -> None:
    offer = make_offer(
        cast.secret_a,
        name="Crisisopvang mannen",
        accepts_woman=False,
        serves_sexual=False,
        supports_addiction=True,
        languages="nl,ro",
    )
    make_offer(cast.secret_b, name="Crisisopvang vrouwen", accepts_man=False)

    login(page, live_server, cast.alice.username)
    page.goto(f"{live_server.url}/placement/new/")
    page.get_by_label("Soort opvang").select_option("crisis")
    page.get_by_label("Arbeidsuitbuiting").check()
    page.get_by_label("Geslacht").select_option("man")
    page.get_by_label("Leeftijd").fill("24")
    page.get_by_label("Verslaving").check()
    candidates = page.locator("#candidates")
    expect(candidates).to_contain_text("Crisisopvang mannen")
    expect(candidates.locator(".candidate")).to_have_count(1)
    candidates.get_by_text("Waarom andere plekken niet passen").click()
    expect(candidates).to_contain_text("Crisisopvang vrouwen")
    assert_accessible(page)

    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("VO04-")
    page.locator(f"#candidate-{offer.pk}").get_by_role(
        "button", name="Voorstellen aan deze aanbieder"
    ).click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("Voorgesteld")
    code = PlacementRequest.objects.get().client_code

    page.context.clear_cookies()
    login(page, live_server, cast.carol.username)
    page.goto(f"{live_server.url}/placement/inbox/")
    expect(page.locator(".proposal-list").first).to_contain_text(code)
    assert_accessible(page)
    page.get_by_role("button", name="Accepteren").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text(code)

    page.context.clear_cookies()
    login(page, live_server, cast.alice.username)
    placement = PlacementRequest.objects.get()
    page.goto(f"{live_server.url}/placement/requests/{placement.pk}/")
    page.get_by_role("button", name="Plaatsing vastleggen").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("Plaatsing vastgelegd")
    placement.refresh_from_db()
    assert placement.status == RequestStatus.PLACED
    assert placement.placed_offer == offer
    assert_accessible(page)


def test_the_intake_asks_about_a_guardian_and_youth_care_for_minors_only(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    login(page, live_server, cast.alice.username)
    page.goto(f"{live_server.url}/placement/new/")
    guardian = page.locator("select[name=guardian]")
    youth_care = page.locator("select[name=youth_care_involved]")
    page.get_by_label("Leeftijd").fill("34")
    expect(guardian).to_be_hidden()
    expect(youth_care).to_be_hidden()
    page.get_by_label("Leeftijd").fill("16")
    expect(guardian).to_be_visible()
    expect(youth_care).to_be_visible()
