"""Acceptance 1 of issue 16: an urgent request is proposed; the provider's contact gets the e-mail and the
provider sees the proposal among its notices; the acceptance reaches the coordinator (notice and e-mail)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from opvangnet.placement.models import PlacementRequest
from opvangnet.regions.models import ContactPerson
from tests.browser.helpers import assert_accessible, login
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.browser


def test_an_urgent_proposal_reaches_the_provider_and_the_answer_the_coordinator(
    transactional_db: None, cast: Cast, page: Page, live_server: Any
) -> None:
    cast.alice.email = "alice@example.nl"
    cast.alice.save()
    cast.shelter_a.phone_24_7 = "088-1112233"
    cast.shelter_a.save()
    ContactPerson.objects.create(
        organisation=cast.shelter_a, name="Noor Visser", phone="06-11122233", email="noor@example.nl"
    )
    offer = make_offer(cast.secret_a, name="Crisisopvang A")
    mail.outbox.clear()

    login(page, live_server, cast.alice.username)
    page.goto(f"{live_server.url}/placement/new/")
    page.get_by_label("Soort opvang").select_option("crisis")
    page.get_by_label("Seksuele uitbuiting").check()
    page.get_by_label("Geslacht").select_option("woman")
    page.get_by_label("Leeftijd").fill("28")
    page.get_by_label("Urgentie").select_option("today")
    expect(page.locator("#candidates")).to_contain_text("Crisisopvang A")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("VO04-")
    page.locator(f"#candidate-{offer.pk}").get_by_role(
        "button", name="Voorstellen aan deze aanbieder"
    ).click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("Voorgesteld")
    expect(page.get_by_text("088-1112233")).to_be_visible()  # the provider's 24/7 number
    code = PlacementRequest.objects.get().client_code

    (proposed,) = mail.outbox
    assert proposed.to == ["noor@example.nl"]
    assert proposed.subject == f"[SPOED] Nieuw plaatsingsvoorstel {code}"

    page.context.clear_cookies()
    login(page, live_server, cast.carol.username)
    page.get_by_role("link", name="Berichten").click()
    expect(page.locator(".notice-list")).to_contain_text(code)
    expect(page.locator(".notice-list")).to_contain_text("spoed")
    assert_accessible(page)
    page.get_by_role("link", name="Beantwoorden in de inbox").click()
    page.get_by_role("button", name="Accepteren").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text(code)

    accepted = mail.outbox[-1]
    assert accepted.to == ["alice@example.nl"]
    assert accepted.subject == f"[SPOED] Voorstel {code} geaccepteerd"

    page.context.clear_cookies()
    login(page, live_server, cast.alice.username)
    page.get_by_role("link", name="Berichten").click()
    expect(page.locator(".notice-list")).to_contain_text(f"Crisisopvang A heeft {code} geaccepteerd")
    assert_accessible(page)
