"""The language switch in the header turns the site into English and back into Dutch."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import assert_accessible, login
from tests.personas import Cast

pytestmark = pytest.mark.browser


def test_switch_to_english_and_back(transactional_db: None, cast: Cast, page: Page, live_server: Any) -> None:
    login(page, live_server, cast.alice.username)
    assert page.locator("html").get_attribute("lang") == "nl"

    with page.expect_navigation():
        page.get_by_role("button", name="English", exact=True).click()

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == f"Welcome, {cast.alice.first_name}"
    assert page.locator(".role-line").inner_text().startswith("Your role")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands", exact=True).click()

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == f"Welkom, {cast.alice.first_name}"
    assert page.locator(".role-line").inner_text().startswith("Uw rol")
