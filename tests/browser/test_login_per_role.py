"""Every person of the cast logs in through the real login page and lands on a Dutch, accessible home page."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.utils.translation import override
from playwright.sync_api import Page

from opvangnet.accounts.home import tasks_for
from opvangnet.accounts.roles import Role
from tests.browser.helpers import assert_accessible, login
from tests.personas import Cast

pytestmark = pytest.mark.browser

# The users of the cast, read from its fields so that the ids exist at collection time (no database yet).
CAST_USERNAMES = [field.name for field in dataclasses.fields(Cast) if field.type in ("User", "'User'")]


def test_cast_usernames_match_everyone(transactional_db: None, cast: Cast) -> None:
    assert sorted(CAST_USERNAMES) == sorted(user.username for user in cast.everyone())


def test_login_page_is_dutch_and_accessible(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/login/")

    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.title().startswith("Inloggen")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen"
    assert page.get_by_role("button", name="Inloggen", exact=True).is_visible()
    assert page.get_by_label("Gebruikersnaam").is_visible()
    assert page.get_by_label("Wachtwoord").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("username", CAST_USERNAMES)
def test_each_role_logs_in_to_a_dutch_home_page(
    username: str, transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    user = next(user for user in cast.everyone() if user.username == username)
    role = Role(user.role)
    with override("nl"):
        dutch_role = str(role.label)
    with override("en"):
        english_role = str(role.label)

    login(page, live_server, username)

    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == f"Welkom, {user.first_name}"
    role_line = page.locator(".role-line")
    assert role_line.inner_text().startswith("Uw rol")
    assert role_line.locator("strong").inner_text() == dutch_role
    # The start page is the role's work list, with the role's pages beside it.
    assert page.get_by_role("heading", level=2, name="Werklijst").is_visible()
    if tasks_for(user.role):
        assert page.get_by_role("heading", level=2, name="Uw pagina's").is_visible()
    assert_accessible(page)
    # Until the role labels are translated, the comparison above passes on English labels; catch that.
    assert dutch_role != english_role, f"no Dutch translation for the role label {english_role!r}"
