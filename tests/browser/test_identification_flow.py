"""A case goes from referral to final decision in the browser, with two assessors who cannot see each other's
assessment before both are recorded."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from playwright.sync_api import Page

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.identification.models import Case, CaseState, Referral
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_user
from tests.personas import Cast

pytestmark = pytest.mark.browser


def switch_to(page: Page, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def submit(page: Page) -> None:
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()


def record_assessment(page: Page, live_server: Any, case: Case, view: str, opinion: str) -> None:
    page.goto(f"{live_server.url}/identification/cases/{case.pk}/assessment/")
    page.locator("select[name^=observed_]").first.select_option("yes")
    page.locator(f"input[name=view][value={view}]").check()
    page.locator("textarea[name=opinion]").fill(opinion)
    submit(page)


def decide(page: Page, live_server: Any, case: Case, outcome: str, reasons: str) -> None:
    page.goto(f"{live_server.url}/identification/cases/{case.pk}/decision/")
    page.locator(f"input[name=outcome][value={outcome}]").check()
    page.locator("textarea[name=reasons]").fill(reasons)
    submit(page)


@pytest.fixture
def checklist(transactional_db: None) -> None:
    """The checklist that a data migration loads; an earlier browser test's flush may have removed it."""
    from django.apps import apps

    migration = importlib.import_module("opvangnet.identification.migrations.0002_load_initial_checklist")
    migration.load_checklist(apps, None)


def test_a_referral_goes_to_a_final_decision_with_independent_assessors(
    checklist: None, cast: Cast, page: Page, live_server: Any
) -> None:
    olga: User = make_user("olga", Role.ASSESSOR)

    # The police refer a possible victim of labour exploitation.
    login(page, live_server, "rick")
    page.goto(f"{live_server.url}/identification/referrals/new/")
    assert_accessible(page)
    page.locator("select[name=referral-referrer_kind]").select_option("police")
    page.locator("input[name=referral-exploitation_types][value=labour]").check()
    page.locator("input[name=referral-b83_applicable]").check()
    page.locator("select[name=referral-consent_basis]").select_option("legal_basis")
    page.locator("input[name=person-name]").fill("Browser Fictief")
    submit(page)
    referral = Referral.objects.get()
    assert referral.reference in page.locator("h1").inner_text()
    assert "Browser Fictief" not in page.content()

    # The national coordinator opens the case with a care and a legal assessor.
    switch_to(page, live_server, "nina")
    page.goto(f"{live_server.url}/identification/referrals/{referral.pk}/open/")
    page.locator("select[name=assessor_1]").select_option(str(cast.ada.pk))
    page.locator("select[name=discipline_1]").select_option("care")
    page.locator("select[name=assessor_2]").select_option(str(olga.pk))
    page.locator("select[name=discipline_2]").select_option("legal")
    submit(page)
    case = Case.objects.get()
    assert page.url.endswith(f"/identification/cases/{case.pk}/")

    # Ada records her assessment; Olga cannot read it before recording her own.
    switch_to(page, live_server, "ada")
    page.goto(f"{live_server.url}/identification/cases/{case.pk}/assessment/")
    assert_accessible(page)
    record_assessment(page, live_server, case, "plausible", "Ada ziet dwang en schuld.")
    assert "Ada ziet dwang en schuld." in page.content()

    switch_to(page, live_server, "olga")
    page.goto(f"{live_server.url}/identification/cases/{case.pk}/")
    assert "Ada ziet dwang en schuld." not in page.content()
    assert page.locator(f"a[href='/identification/cases/{case.pk}/decision/']").count() == 0
    record_assessment(page, live_server, case, "plausible", "Olga ziet misleiding.")
    assert "Ada ziet dwang en schuld." in page.content()
    assert "Olga ziet misleiding." in page.content()
    assert_accessible(page)

    # The joint first decision starts the reflection period.
    decide(page, live_server, case, "plausible", "Beide beoordelaars zien meerdere indicatoren.")
    case.refresh_from_db()
    assert case.state == CaseState.REFLECTION

    # The person decides early; the case manager starts the final stage.
    switch_to(page, live_server, "nina")
    page.goto(f"{live_server.url}/identification/cases/{case.pk}/")
    page.locator(f"form[action='/identification/cases/{case.pk}/final-stage/'] button").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == CaseState.FINAL_STAGE

    switch_to(page, live_server, "ada")
    record_assessment(page, live_server, case, "plausible", "Ada: bevestigd na de bedenktijd.")
    switch_to(page, live_server, "olga")
    record_assessment(page, live_server, case, "plausible", "Olga: bevestigd na de bedenktijd.")
    decide(page, live_server, case, "plausible", "Eindoordeel: aannemelijk slachtoffer.")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert list(case.decisions.values_list("stage", flat=True)) == ["first", "final"]

    # The police see the status and outcomes of their referral, nothing more.
    switch_to(page, live_server, "rick")
    page.goto(f"{live_server.url}/identification/referrals/{referral.pk}/")
    body = page.content()
    assert "Eindoordeel" not in body
    assert "Browser Fictief" not in body
    assert page.locator(".data-list .badge").count() == 1
    assert_accessible(page)
