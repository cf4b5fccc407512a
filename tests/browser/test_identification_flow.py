"""Acceptance 1 of issue 15 in the browser: an application with the person's consent, a hearing with an
interpreter, an adjournment for more information, a draft negative opinion, the person's response, a final
positive opinion with reasons, and the logged transmission to the IND."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.audit.models import AuditEntry
from opvangnet.identification.models import Application, Case, CaseState, IndTransmission, Opinion
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_user
from tests.identification.builders import ensure_published_checklist
from tests.personas import Cast

pytestmark = pytest.mark.browser


def switch_to(page: Page, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def submit(page: Page) -> None:
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()


def go(page: Page, live_server: Any, path: str) -> None:
    page.goto(f"{live_server.url}{path}")


def state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


@pytest.fixture
def checklist(transactional_db: None) -> None:
    ensure_published_checklist()


def record_view(page: Page, live_server: Any, case: Case, view: str, reasoning: str) -> None:
    go(page, live_server, f"/identification/cases/{case.pk}/assessment/")
    page.locator("select[name^=observed_]").first.select_option("yes")
    page.locator(f"input[name=view][value={view}]").check()
    page.locator("textarea[name=reasoning]").fill(reasoning)
    submit(page)


def test_an_application_goes_through_hearing_adjournment_draft_response_opinion_and_ind(
    checklist: None, cast: Cast, page: Page, live_server: Any
) -> None:
    olga: User = make_user("olga", Role.ASSESSOR)
    tess: User = make_user("tess", Role.ASSESSOR)

    # The police apply on the person's behalf, with their written consent, also to inform the IND.
    login(page, live_server, "rick")
    go(page, live_server, "/identification/applications/new/")
    assert_accessible(page)
    page.locator("select[name=application-referrer_kind]").select_option("police")
    page.locator("input[name=application-exploitation_types][value=labour]").check()
    page.locator("select[name=application-nationality_status]").select_option("third_country")
    page.locator("input[name=application-interpreter_language]").fill("Tigrinya")
    page.locator("input[name=application-consent_given_on]").fill("2025-01-06")
    page.locator("input[name=application-other_consents][value=ind_status]").check()
    page.locator("input[name=application-other_consents][value=ind_opinion]").check()
    page.locator("input[name=application-lawyer_name]").fill("Mr. Browser Fictief")
    page.locator("input[name=person-name]").fill("Browser Fictief")
    submit(page)
    application = Application.objects.get()
    assert application.reference in page.locator("h1").inner_text()
    assert "In behandeling" in page.content()
    assert "Browser Fictief" not in page.content()

    # The case manager books an interpreter and forms the committee.
    switch_to(page, live_server, "nina")
    go(page, live_server, f"/identification/applications/{application.pk}/representatives/new/")
    page.locator("select[name=kind]").select_option("interpreter")
    page.locator("input[name=name]").fill("Tolk Fictief")
    page.locator("input[name=language]").fill("Tigrinya")
    submit(page)
    assert_accessible(page)
    go(page, live_server, f"/identification/applications/{application.pk}/committee/")
    for seat, (user, discipline) in enumerate(
        [(cast.ada, "legal"), (olga, "care"), (tess, "medical")], start=1
    ):
        page.locator(f"select[name=assessor_{seat}]").select_option(str(user.pk))
        page.locator(f"select[name=discipline_{seat}]").select_option(discipline)
    submit(page)
    case = Case.objects.get()
    assert state(case) == CaseState.INVESTIGATION

    # A hearing with the interpreter; the minutes send the committee into deliberation.
    go(page, live_server, f"/identification/cases/{case.pk}/")
    assert_accessible(page)
    page.locator(f"a[href='/identification/cases/{case.pk}/hearings/new/']").click()
    moment = timezone.localtime() + dt.timedelta(days=7)
    page.locator("input[name=planned_for]").fill(moment.strftime("%Y-%m-%dT10:00"))
    page.locator("input[name=place]").fill("Kantoor commissie, Utrecht")
    page.locator("select[name=interpreter]").select_option(index=1)
    submit(page)
    assert state(case) == CaseState.HEARING_PLANNED
    hearing = case.hearings.get()
    assert hearing.interpreter is not None
    assert hearing.lawyer_invited
    go(page, live_server, f"/identification/cases/{case.pk}/hearings/{hearing.pk}/minutes/")
    page.locator("input[name=person_appeared][value=yes]").check()
    page.locator("textarea[name=minutes]").fill("Betrokkene vertelt, met tolk, over het werk in de kas.")
    submit(page)
    assert state(case) == CaseState.DELIBERATION

    # The committee adjourns for more information instead of closing; the information comes in.
    go(page, live_server, f"/identification/cases/{case.pk}/adjourn/")
    assert_accessible(page)
    page.locator("select[name=source]").select_option("person")
    page.locator("textarea[name=information]").fill("Loonstroken en de verklaring van een collega.")
    submit(page)
    assert state(case) == CaseState.ADJOURNED
    adjournment = case.adjournments.get()
    go(page, live_server, f"/identification/cases/{case.pk}/adjournments/{adjournment.pk}/received/")
    page.locator("textarea[name=note]").fill("Loonstroken ontvangen via de gemachtigde.")
    page.locator("input[name=resume_to][value=deliberation]").check()
    submit(page)
    assert state(case) == CaseState.DELIBERATION

    # Every member records an own view; the chair sends a draft negative opinion.
    for username in ("olga", "tess", "ada"):
        switch_to(page, live_server, username)
        record_view(page, live_server, case, "not_plausible", f"Eigen beoordeling van {username}.")
    assert_accessible(page)
    go(page, live_server, f"/identification/cases/{case.pk}/draft-opinion/")
    page.locator("textarea[name=reasons]").fill("Concept: de dwang is onvoldoende onderbouwd.")
    submit(page)
    assert state(case) == CaseState.DRAFT_NEGATIVE
    draft = Opinion.objects.get(kind="draft")

    # The person's response (zienswijze), written down by the case manager.
    switch_to(page, live_server, "nina")
    go(page, live_server, f"/identification/cases/{case.pk}/opinions/{draft.pk}/response/")
    page.locator("select[name=response_by]").select_option("lawyer")
    page.locator("textarea[name=response]").fill(
        "Betrokkene kon niet weg: het paspoort lag bij de werkgever."
    )
    submit(page)

    # The chair gives the final, positive opinion with its reasons.
    switch_to(page, live_server, "ada")
    go(page, live_server, f"/identification/cases/{case.pk}/opinion/")
    assert_accessible(page)
    page.locator("input[name=outcome][value=plausible]").check()
    page.locator("textarea[name=reasons]").fill(
        "Na de zienswijze: slachtofferschap aannemelijk vanwege dwang."
    )
    submit(page)
    assert state(case) == CaseState.CONCLUDED
    final = Opinion.objects.get(kind="final")
    assert (final.outcome, final.draft) == ("plausible", draft)

    # The case manager sends it to the IND: logged, with a record and a PDF, and the letter for the person.
    switch_to(page, live_server, "nina")
    go(page, live_server, f"/identification/cases/{case.pk}/")
    assert page.locator(f"a[href='/identification/cases/{case.pk}/opinions/{final.pk}/letter/']").count() == 1
    page.locator(f"a[href='/identification/cases/{case.pk}/ind/']").click()
    assert_accessible(page)
    submit(page)
    transmission = IndTransmission.objects.get()
    assert transmission.opinion == final
    assert not transmission.includes_identifiers
    assert AuditEntry.objects.filter(action="identification.transmit_to_ind", actor=cast.nina).exists()

    # The IND sees the running assessment and the opinion sent; the referrer only that it is completed.
    switch_to(page, live_server, "ines")
    go(page, live_server, "/identification/ind/")
    assert application.reference in page.content()
    assert page.locator(f"a[href='/identification/ind/transmissions/{transmission.pk}/pdf/']").count() >= 1
    assert "Browser Fictief" not in page.content()
    assert_accessible(page)
    switch_to(page, live_server, "rick")
    go(page, live_server, f"/identification/applications/{application.pk}/")
    assert "Afgerond" in page.content()
    assert "aannemelijk" not in page.content()
