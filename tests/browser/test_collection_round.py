"""A data-collection round from opening to approval for two regions: Amsterdam fills in on screen with its
municipality's contribution, Rijnmond downloads the Excel template, fills it in and uploads it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from opvangnet.collection.definitions import load_default_form
from opvangnet.collection.models import Contribution, Round, Submission, SubmissionStatus
from tests.browser.helpers import assert_accessible, login
from tests.collection.builders import MUNICIPAL_ANSWERS, REGION_ANSWERS, make_municipal_contributor
from tests.personas import Cast

pytestmark = pytest.mark.browser


def switch_to(page: Page, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def fill(page: Page, question: str, breakdown: str, value: object) -> None:
    field = page.locator(f"[name='v-{question}-{breakdown or 'total'}']")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(str(value))
    else:
        field.fill(str(value))


def press(page: Page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state()


def test_a_round_from_opening_to_approval_for_two_regions(
    transactional_db: None, cast: Cast, page: Page, live_server: Any, tmp_path: Path
) -> None:
    load_default_form()
    make_municipal_contributor("gemma", cast.amsterdam_city)

    # The national coordinator opens the first quarter of 2026 for both regions.
    login(page, live_server, cast.nina.username)
    page.goto(f"{live_server.url}/collection/rounds/new/")
    page.locator("[name=period_kind]").select_option("quarter")
    page.locator("[name=year]").fill("2026")
    page.locator("[name=number]").fill("1")
    page.locator("[name=deadline]").fill("2026-04-15")
    press(page, "main form.form button[type=submit]")
    round_ = Round.objects.get()
    expect(page).to_have_url(f"{live_server.url}/collection/rounds/{round_.pk}/")
    assert_accessible(page)
    amsterdam = Submission.objects.get(round=round_, region=cast.amsterdam)
    rijnmond = Submission.objects.get(round=round_, region=cast.rijnmond)

    # Amsterdam starts (Opvangnet's figures are filled in) and invites its municipality.
    switch_to(page, live_server, cast.alice.username)
    page.goto(f"{live_server.url}/collection/")
    page.locator(f"a[href='/collection/forms/{amsterdam.pk}/']").click()
    press(page, f"form[action='/collection/forms/{amsterdam.pk}/start/'] button")
    expect(page.locator("[name='v-requests-total']")).to_have_value("0")
    page.goto(f"{live_server.url}/collection/forms/{amsterdam.pk}/invite/")
    page.locator("[name=section]").select_option("gemeente")
    page.locator("[name=municipality]").select_option(str(cast.amsterdam_city.pk))
    press(page, "main form.form button[type=submit]")
    contribution = Contribution.objects.get()

    # The municipality sees only its own section and submits it.
    switch_to(page, live_server, "gemma")
    page.goto(f"{live_server.url}/collection/contributions/")
    page.locator(f"a[href='/collection/contributions/{contribution.pk}/']").click()
    expect(page.locator("[name='v-requests-total']")).to_have_count(0)
    for answer in MUNICIPAL_ANSWERS:
        fill(page, answer.question, answer.breakdown, answer.value)
    assert_accessible(page)
    press(page, "button[formaction$='/submit/']")
    expect(page.locator("#status")).to_contain_text("Ingediend")

    # Amsterdam takes the contribution in, answers the rest on screen and submits.
    switch_to(page, live_server, cast.alice.username)
    page.goto(f"{live_server.url}/collection/forms/{amsterdam.pk}/")
    press(page, f"form[action='/collection/forms/{amsterdam.pk}/consolidate/'] button")
    expect(page.locator("[name='v-municipal_signals-total']")).to_have_value("9")
    for answer in REGION_ANSWERS:
        if not answer.question.startswith("municipal_"):
            fill(page, answer.question, answer.breakdown, answer.value)
    assert_accessible(page)
    press(page, "button[formaction$='/submit/']")
    amsterdam.refresh_from_db()
    assert amsterdam.status == SubmissionStatus.SUBMITTED

    # Rijnmond downloads the Excel template, fills it in offline and uploads it, then submits.
    switch_to(page, live_server, cast.bob.username)
    page.goto(f"{live_server.url}/collection/forms/{rijnmond.pk}/")
    with page.expect_download() as download:
        page.locator(f"a[href='/collection/forms/{rijnmond.pk}/template.xlsx']").first.click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for answer in REGION_ANSWERS:
                if row[0].value == answer.question and (row[2].value or "") == answer.breakdown:
                    row[4].value = answer.value
    filled = tmp_path / "rijnmond.xlsx"
    workbook.save(filled)
    page.goto(f"{live_server.url}/collection/forms/{rijnmond.pk}/upload/")
    page.locator("input[type=file]").set_input_files(str(filled))
    press(page, "main form.form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/collection/forms/{rijnmond.pk}/")
    expect(page.locator("[name='v-municipal_signals-total']")).to_have_value("12")
    press(page, "button[formaction$='/submit/']")
    rijnmond.refresh_from_db()
    assert rijnmond.status == SubmissionStatus.SUBMITTED

    # The national coordinator checks completeness and approves both.
    switch_to(page, live_server, cast.nina.username)
    page.goto(f"{live_server.url}/collection/rounds/{round_.pk}/completeness/")
    expect(page.locator("#count-late")).to_have_text("2")  # today is long past the deadline of 15 April
    assert_accessible(page)
    for submission in (amsterdam, rijnmond):
        page.goto(f"{live_server.url}/collection/forms/{submission.pk}/")
        press(page, f"form[action='/collection/forms/{submission.pk}/approve/'] button")
        expect(page.locator("#status")).to_contain_text("Goedgekeurd")
    assert set(Submission.objects.values_list("status", flat=True)) == {SubmissionStatus.APPROVED}
