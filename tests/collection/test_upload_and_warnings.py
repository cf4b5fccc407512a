"""An upload with errors writes nothing and lists every error with its sheet and cell; a value far from
earlier periods is submitted only with a comment."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from opvangnet.collection import services, spreadsheets
from opvangnet.collection.models import DataValue, DataValueChange, Submission, SubmissionStatus
from opvangnet.collection.validation import ValueInput
from tests.collection.builders import REGION_ANSWERS, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def row_of(sheet: object, code: str, breakdown: str = "") -> int:
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):  # type: ignore[attr-defined]
        if row[0] == code and (row[2] or "") == breakdown:
            return number
    raise AssertionError(f"{code}/{breakdown} not in {sheet}")


def filled_template(submission: Submission) -> tuple[Any, dict[str, Any]]:
    workbook = load_workbook(io.BytesIO(spreadsheets.workbook_for(submission)))
    sheets = {title.split(". ", 1)[-1][:20]: workbook[title] for title in workbook.sheetnames}
    for answer in REGION_ANSWERS:
        sheet = next(
            s for s in sheets.values() if any(r[0] == answer.question for r in s.iter_rows(values_only=True))
        )
        sheet[f"E{row_of(sheet, answer.question, answer.breakdown)}"] = answer.value
    return workbook, sheets


def upload(client: Client, submission: Submission, workbook: object) -> Any:
    buffer = io.BytesIO()
    workbook.save(buffer)  # type: ignore[attr-defined]
    file = SimpleUploadedFile("uitvraag.xlsx", buffer.getvalue())
    return client.post(f"/collection/forms/{submission.pk}/upload/", {"file": file})


def test_an_upload_with_errors_writes_nothing_and_lists_every_error_with_sheet_and_cell(
    client: Client, cast: Cast
) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    workbook, sheets = filled_template(submission)
    capacity, requests = sheets["Capaciteit"], sheets["Plaatsingsverzoeken en plaatsingen"[:20]]
    requests_row = row_of(requests, "requests")
    requests[f"E{requests_row}"] = "veel"
    capacity[f"E{row_of(capacity, 'occupancy')}"] = 140
    capacity[f"E{row_of(capacity, 'places')}"] = 3  # a correction without explanation
    capacity[f"E{row_of(capacity, 'places', 'crisis')}"] = 3
    municipal = sheets["Bijdrage van de gemeente"[:20]]
    municipal[f"E{row_of(municipal, 'municipal_places', 'long_term')}"] = 3  # 4 + 3 is not the total of 4
    requests.append(["made_up", "Verzonnen vraag", "", "", 1, "", ""])
    unknown_row = requests.max_row

    client.force_login(cast.alice)
    response = upload(client, submission, workbook)

    assert response.status_code == 400
    errors = {(e.sheet, e.cell) for e in response.context["errors"]}
    capacity_title, requests_title = capacity.title, requests.title
    assert errors == {
        (requests_title, f"E{requests_row}"),  # not a number
        (capacity_title, f"E{row_of(capacity, 'occupancy')}"),  # over 100 %
        (capacity_title, f"G{row_of(capacity, 'places')}"),  # correction: explain in column G
        (capacity_title, f"G{row_of(capacity, 'places', 'crisis')}"),
        (municipal.title, f"E{row_of(municipal, 'municipal_places')}"),  # breakdown ≠ total
        (requests_title, f"A{unknown_row}"),  # unknown question
    }
    page = response.content.decode()
    assert requests_title in page
    assert f"E{requests_row}" in page
    assert not DataValue.objects.exists()
    assert not DataValueChange.objects.exists()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_STARTED


def test_a_workbook_of_another_region_is_refused(client: Client, cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    workbook, _sheets = filled_template(submission_of(round_, cast.rijnmond))
    client.force_login(cast.alice)
    response = upload(client, submission_of(round_, cast.amsterdam), workbook)
    assert response.status_code == 400
    assert [(e.sheet, e.cell) for e in response.context["errors"]] == [("Info", "B2")]
    assert not DataValue.objects.exists()


def test_a_correct_upload_is_saved_as_a_draft_and_can_be_submitted(client: Client, cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    workbook, _sheets = filled_template(submission)
    client.force_login(cast.alice)
    assert upload(client, submission, workbook).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert DataValue.objects.get(question__code="shortage_care_type").text == "crisis"
    assert DataValue.objects.get(question__code="municipal_signals").source == "xlsx"
    services.submit_submission(cast.alice, submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def approved_quarters(cast: Cast, signals: list[int]) -> None:
    for quarter, value in enumerate(signals, start=1):
        round_ = make_round(
            cast.nina, [cast.amsterdam], year=2025, number=quarter, deadline=date(2026, 1, 15)
        )
        submission = submission_of(round_, cast.amsterdam)
        answers = [a for a in REGION_ANSWERS if a.question != "municipal_signals"]
        services.submit_submission(
            cast.alice, submission, [*answers, ValueInput("municipal_signals", "", value)]
        )
        services.approve_submission(cast.nina, submission)


@pytest.mark.parametrize(
    ("now", "warns"),
    [
        (12, False),  # the median of 10, 12, 11, 9 is 10.5
        (31, False),  # under three times
        (32, True),  # over three times
        (4, False),  # not under a third (3.5)
        (3, True),  # under a third
        (0, True),  # a sudden zero after 9
    ],
)
def test_a_value_far_from_earlier_periods_is_submitted_only_with_a_comment(
    cast: Cast, now: int, warns: bool
) -> None:
    approved_quarters(cast, [10, 12, 11, 9])
    submission = submission_of(make_round(cast.nina, [cast.amsterdam], year=2026, number=1), cast.amsterdam)
    answers = [a for a in REGION_ANSWERS if a.question != "municipal_signals"]
    if warns:
        with pytest.raises(services.ValuesRejected) as rejected:
            services.submit_submission(
                cast.alice, submission, [*answers, ValueInput("municipal_signals", "", now)]
            )
        assert [(i.question, i.level, i.target) for i in rejected.value.issues] == [
            ("municipal_signals", "warning", "comment")
        ]
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.NOT_STARTED
        comment = "Nieuwe meldroute bij de GGD."
        services.submit_submission(
            cast.alice, submission, [*answers, ValueInput("municipal_signals", "", now, comment)]
        )
    else:
        services.submit_submission(
            cast.alice, submission, [*answers, ValueInput("municipal_signals", "", now)]
        )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.warnings == (1 if warns else 0)


def test_periods_of_another_length_are_not_compared(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam], kind="year", year=2025, deadline=date(2026, 2, 1))
    submission = submission_of(round_, cast.amsterdam)
    services.submit_submission(cast.alice, submission, REGION_ANSWERS)  # 12 signals in a year
    services.approve_submission(cast.nina, submission)
    quarter = submission_of(make_round(cast.nina, [cast.amsterdam], year=2026, number=1), cast.amsterdam)
    answers = [a for a in REGION_ANSWERS if a.question != "municipal_signals"]
    services.submit_submission(cast.alice, quarter, [*answers, ValueInput("municipal_signals", "", 100)])
