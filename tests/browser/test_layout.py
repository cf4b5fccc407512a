"""The look on a wide screen and on a phone: a one-row navigation, a folded menu and filters on a phone,
compact number inputs, and a busy mark on every live update."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, Route, ViewportSize, expect

from opvangnet.capacity.models import AvailabilitySnapshot
from opvangnet.capacity.services import Availability, record_availability
from tests.builders import make_offer
from tests.personas import Cast

PHONE: ViewportSize = {"width": 390, "height": 844}


def sign_in(page: Page, live_server: Any, user: Any) -> None:
    """A session cookie for `user` (the login pages themselves are tested in test_login_per_role)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_national_coordinators_navigation_stays_on_one_row(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    sign_in(page, live_server, cast.nina)
    page.goto(f"{live_server.url}/")
    tops = page.eval_on_selector_all(
        ".site-nav .utrecht-nav-list > li", "items => items.map(item => item.getBoundingClientRect().top)"
    )
    assert len(tops) >= 5
    assert len(set(tops)) == 1, f"the navigation wraps: item tops {tops}"
    # A group opens as a menu of its own and closes with Escape.
    group = page.locator(".site-nav__group summary").first
    group.click()
    expect(page.locator(".site-nav__group details[open] .site-nav__menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".site-nav__group details[open]")).to_have_count(0)


def test_on_a_phone_the_menu_folds_away_and_the_content_starts_near_the_top(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_offer(cast.secret_a, name="Crisis A")
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, cast.nina)
    page.goto(f"{live_server.url}/capacity/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.locator("#site-nav")).to_be_hidden()
    expect(page.locator(".overview-filters")).to_be_hidden()  # the filters are folded too
    heading_top = page.get_by_role("heading", level=1).bounding_box()["y"]  # type: ignore[index]
    assert heading_top < 150, f"the page's heading starts {heading_top}px down"
    page.screenshot(path="test-artifacts/phone-capacity.png")
    first_result = page.locator("#results").get_by_text("Crisis A").first.bounding_box()
    assert first_result is not None
    assert first_result["y"] < PHONE["height"], "the first result is off screen"
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.locator("#site-header-tools")).to_be_visible()


def test_number_inputs_are_compact_and_long_words_are_hyphenated(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    offer = make_offer(cast.secret_a)
    sign_in(page, live_server, cast.carol)
    page.goto(f"{live_server.url}/capacity/offers/{offer.pk}/edit/")
    widths = page.eval_on_selector_all(
        "main input[type=number]", "inputs => inputs.map(input => input.getBoundingClientRect().width)"
    )
    assert widths
    assert max(widths) < 200, f"number inputs are {widths} px wide"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.eval_on_selector("main", "main => getComputedStyle(main).hyphens") == "auto"


def test_a_live_update_marks_the_stale_results_busy_until_the_answer_is_in(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_offer(cast.secret_a, name="Crisis A")
    page.goto(f"{live_server.url}/capacity/")
    held: list[Route] = []
    page.route("**/capacity/?*", lambda route: held.append(route))  # hold the live request back
    page.get_by_label("Soort opvang").select_option("crisis")
    expect(page.locator("#results")).to_have_attribute("aria-busy", "true")
    expect(page.locator(".busy-indicator")).to_have_text("Bezig met bijwerken…")
    # The greying starts after a short delay (a quick answer does not flicker).
    opacity = 1.0
    for _ in range(40):
        opacity = page.eval_on_selector("#results", "el => Number(getComputedStyle(el).opacity)")
        if opacity < 1:
            break
        page.wait_for_timeout(50)
    assert opacity < 1, "the stale results are not greyed out"
    page.screenshot(path="test-artifacts/phone-capacity.png")
    held[0].continue_()
    expect(page.locator("#results")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(".busy-indicator")).to_be_empty()


def test_a_narrow_table_column_does_not_cut_words_without_a_hyphen(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_offer(cast.secret_a, name="Crisis A")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/capacity/")
    assert page.eval_on_selector("html", "html => getComputedStyle(html).wordBreak") == "normal"
    # The care type "Crisisopvang" under the offer's name keeps its own line width (no "Crisisop|vang").
    cell = page.locator("#results td").first
    word_width = page.evaluate(
        """cell => { const probe = document.createElement('span'); probe.textContent = 'Crisisopvang';
        cell.appendChild(probe); const width = probe.getBoundingClientRect().width; probe.remove();
        return width; }""",
        cell.element_handle(),
    )
    assert cell.bounding_box()["width"] >= word_width  # type: ignore[index]


def test_the_occupancy_chart_loads_under_the_content_security_policy(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    """The chart is an SVG data: URI; the `page` fixture fails the test on any CSP violation."""
    offer = make_offer(cast.secret_a, places=6)
    for days_ago, free in ((5, 3), (1, 1)):
        snapshot = record_availability(cast.carol, offer, Availability(free, 6 - free, 0))
        AvailabilitySnapshot.objects.filter(pk=snapshot.pk).update(
            recorded_at=timezone.now() - timedelta(days=days_ago)
        )
    page.goto(f"{live_server.url}/capacity/offers/{offer.pk}/")
    chart = page.locator("figure.chart img")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_text("De aantallen per dag (tabel)").click()
    expect(page.locator("figure.chart table")).to_be_visible()
