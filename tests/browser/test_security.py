"""Security in a real browser: the second factor gates every page; four eyes for roles that see secrets."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from tests.browser.helpers import assert_accessible, login
from tests.builders import PASSWORD, make_user
from tests.personas import Cast

pytestmark = pytest.mark.browser


def password_only(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()


def test_signed_in_without_the_second_factor_only_its_pages_open(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    password_only(page, live_server, "nina")
    expect(page).to_have_url(re.compile(r"/second-factor/"))
    for path in ("/capacity/", "/placement/", "/identification/cases/", "/admin/"):
        page.goto(f"{live_server.url}{path}")
        expect(page).to_have_url(re.compile(r"/second-factor/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")
    assert_accessible(page)


def test_a_new_user_sets_up_an_authenticator_app(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_user("nieuw", Role.COORDINATOR, region=cast.amsterdam, second_factor=False)
    password_only(page, live_server, "nieuw")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor instellen")
    assert_accessible(page)
    key = page.get_by_test_id("totp-key").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(f"{TOTP(base64.b32decode(key)).token():06d}")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Doorgaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Nieuw")


def test_four_eyes_grant_in_the_browser_and_both_steps_in_the_audit_page(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    make_user("beatrix", Role.ADMINISTRATOR, is_staff=True)

    login(page, live_server, "bea")
    page.goto(f"{live_server.url}/users/{cast.bea.pk}/")
    expect(page.get_by_text("Dit is uw eigen account")).to_be_visible()  # no form to raise its own role
    expect(page.locator("form select[name=role]")).to_have_count(0)
    page.goto(f"{live_server.url}/users/{cast.paul.pk}/")
    page.locator("select[name=role]").select_option("national_coordinator")
    page.locator("textarea[name=reason]").first.fill("Nieuwe functie bij het landelijk centrum")
    page.get_by_role("button", name="Rol wijzigen").click()
    expect(page.get_by_text("Een tweede beheerder moet deze rol goedkeuren")).to_be_visible()
    page.goto(f"{live_server.url}/users/")
    expect(page.get_by_text("een andere beheerder beslist")).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(pk=cast.paul.pk).role == Role.POLICY_MAKER

    page.context.clear_cookies()
    login(page, live_server, "beatrix")
    page.goto(f"{live_server.url}/users/")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("Goedgekeurd: de rol is gewijzigd.")).to_be_visible()
    assert User.objects.get(pk=cast.paul.pk).role == Role.NATIONAL_COORDINATOR

    page.goto(f"{live_server.url}/audit/?action=accounts.role")
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="accounts.role_change_requested").filter(has_text="bea")).to_have_count(1)
    expect(rows.filter(has_text="accounts.role_granted").filter(has_text="beatrix")).to_have_count(1)
    assert "Nieuwe functie" not in page.content()  # who and what, never the reason
    assert_accessible(page)
