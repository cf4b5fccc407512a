"""What the national picture reads (approved figures only) and a round as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from opvangnet.collection import services
from opvangnet.collection.queries import approved_figures
from opvangnet.collection.validation import ValueInput
from tests.collection.builders import REGION_ANSWERS, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_approved_figures_are_plain_rows_of_approved_forms_only(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    approved, submitted = submission_of(round_, cast.amsterdam), submission_of(round_, cast.rijnmond)
    services.submit_submission(cast.alice, approved, REGION_ANSWERS)
    services.approve_submission(cast.nina, approved)
    services.submit_submission(cast.bob, submitted, REGION_ANSWERS)

    figures = approved_figures(date(2026, 1, 1), date(2026, 12, 31))
    assert {figure.region_code for figure in figures} == {"VO04"}
    by_cell = {(f.question_code, f.breakdown): f for f in figures}
    places = by_cell[("municipal_places", "crisis")]
    assert (places.dimension, places.breakdown, places.value) == ("bed_care_type", "crisis", Decimal(4))
    total = by_cell[("municipal_places", None)]
    assert (total.dimension, total.breakdown, total.round_id) == (None, None, round_.pk)
    assert by_cell[("requests", None)].prefilled_value == 0
    assert by_cell[("shortage_care_type", None)].value == "crisis"
    assert total.approved_at is not None
    assert total.period_start == date(2026, 1, 1)

    assert approved_figures(date(2026, 1, 1), date(2026, 12, 31), regions=["VO28"]) == []
    assert approved_figures(date(2026, 2, 1), date(2026, 12, 31)) == []  # the round's period does not fit
    services.reopen_submission(cast.nina, approved, "Cijfers controleren.")
    assert approved_figures(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_a_round_exports_as_csv_and_xlsx_without_formulas(client: Client, cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    submission = submission_of(round_, cast.amsterdam)
    answers = [a for a in REGION_ANSWERS if a.question != "missing"]
    services.save_submission_values(
        cast.alice, submission, [*answers, ValueInput("missing", "", "=HYPERLINK(1)")]
    )
    services.start_submission(cast.bob, submission_of(round_, cast.rijnmond))

    client.force_login(cast.nina)
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/collection/rounds/{round_.pk}/export.csv").content.decode()),
            delimiter=";",
        )
    )
    assert {row[1] for row in rows[1:]} == {"VO04", "VO28"}
    missing = next(row for row in rows if row[5] == "missing")
    assert missing[10] == "'=HYPERLINK(1)"
    sheet = load_workbook(
        io.BytesIO(client.get(f"/collection/rounds/{round_.pk}/export.xlsx").content)
    ).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert any(row[10] == "'=HYPERLINK(1)" for row in values)
    assert any(row[5] == "municipal_signals" and row[10] == 12 for row in values)

    client.force_login(cast.alice)  # a coordinator exports only the own region
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/collection/rounds/{round_.pk}/export.csv").content.decode()),
            delimiter=";",
        )
    )
    assert {row[1] for row in rows[1:]} == {"VO04"}
