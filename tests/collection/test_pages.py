"""Filling in a region form on screen: draft, errors that save nothing, submission, and the same figures as
through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from opvangnet.collection.models import DataValue, Submission, SubmissionStatus, format_number
from opvangnet.collection.queries import questions_of, stored_values
from tests.collection.builders import REGION_ANSWERS, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def screen_data(submission: Submission, answers: dict[tuple[str, str], Any]) -> dict[str, str]:
    """What the page posts: every cell as shown (prefilled or stored), with the given answers typed over."""
    current = {
        (v.question.code, v.breakdown): (v.display_value, v.comment) for v in stored_values(submission)
    }
    data = {}
    for question in questions_of(submission.round):
        for code in question.breakdown_codes():
            value, comment = current.get((question.code, code), ("", ""))
            if (question.code, code) in answers:
                value = str(answers[(question.code, code)])
            data[f"v-{question.code}-{code or 'total'}"] = value
            data[f"c-{question.code}-{code or 'total'}"] = comment
    return data


ANSWERS = {(answer.question, answer.breakdown): answer.value for answer in REGION_ANSWERS}


def stored(submission: Submission) -> set[tuple[str, str, str, str, str]]:
    return {
        (v.question.code, v.breakdown, format_number(v.number), v.text, v.comment)
        for v in DataValue.objects.filter(submission=submission, contribution__isnull=True).select_related(
            "question"
        )
    }


def test_a_coordinator_starts_saves_and_submits_on_screen(client: Client, cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    client.force_login(cast.alice)
    page = client.get(f"/collection/forms/{submission.pk}/")
    assert "Start filling in" in page.content.decode() or "Beginnen met invullen" in page.content.decode()
    assert client.post(f"/collection/forms/{submission.pk}/start/").status_code == 302

    bad = screen_data(submission, {("municipal_signals", ""): "twaalf", ("occupancy", ""): "140"})
    response = client.post(f"/collection/forms/{submission.pk}/", bad)
    assert response.status_code == 400
    assert not DataValue.objects.filter(question__code="municipal_signals").exists()

    missing = screen_data(submission, {})
    response = client.post(f"/collection/forms/{submission.pk}/submit/", missing)
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT

    response = client.post(f"/collection/forms/{submission.pk}/submit/", screen_data(submission, ANSWERS))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert client.get(f"/collection/forms/{submission.pk}/").status_code == 200


def test_the_same_values_through_the_api_give_the_same_stored_figures_as_the_screen(
    client: Client, cast: Cast
) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    on_screen, through_api = submission_of(round_, cast.amsterdam), submission_of(round_, cast.rijnmond)
    answers = {**ANSWERS, ("places", ""): 7, ("places", "crisis"): 7}
    corrections = {("places", ""): "Twee nieuwe crisisbedden.", ("places", "crisis"): "Nieuw."}

    client.force_login(cast.alice)
    client.post(f"/collection/forms/{on_screen.pk}/start/")
    data = screen_data(on_screen, answers)
    for (code, breakdown), comment in corrections.items():
        data[f"c-{code}-{breakdown or 'total'}"] = comment
    assert client.post(f"/collection/forms/{on_screen.pk}/submit/", data).status_code == 302

    api = APIClient()
    api.force_authenticate(cast.bob)
    values = [
        {
            "question": code,
            "breakdown": breakdown,
            "value": value,
            "comment": corrections.get((code, breakdown), ""),
        }
        for (code, breakdown), value in answers.items()
    ]
    response = api.post(
        "/api/v1/collection/data-value-sets",
        {"round": round_.pk, "region": "VO28", "completed": True, "dataValues": values},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["formStatus"] == "submitted"
    on_screen.refresh_from_db()
    through_api.refresh_from_db()
    assert on_screen.status == through_api.status == SubmissionStatus.SUBMITTED
    assert stored(on_screen) == stored(through_api)
    assert ("places", "", "7", "", "Twee nieuwe crisisbedden.") in stored(through_api)

    read = api.get("/api/v1/collection/data-value-sets", {"submission": through_api.pk}).json()
    places = next(v for v in read["dataValues"] if v["question"] == "places" and v["breakdown"] == "")
    assert places == {**places, "value": 7, "prefilledValue": 0}


def test_an_api_document_with_errors_writes_nothing_and_names_every_conflict(cast: Cast) -> None:
    round_ = make_round(cast.nina, [cast.amsterdam])
    submission = submission_of(round_, cast.amsterdam)
    api = APIClient()
    api.force_authenticate(cast.alice)
    values = [
        {"question": "municipal_signals", "value": 3},
        {"question": "no_such_question", "value": 1},
        {"question": "requests", "breakdown": "martian", "value": 1},
        {"question": "occupancy", "value": "veel"},
        {"question": "expertise", "value": "misschien"},
    ]
    response = api.post(
        "/api/v1/collection/data-value-sets",
        {"submission": submission.pk, "dataValues": values},
        format="json",
    )
    assert response.status_code == 400
    conflicts = {(c["question"], c["breakdown"]) for c in response.json()["conflicts"]}
    assert conflicts == {
        ("no_such_question", ""),
        ("requests", "martian"),
        ("occupancy", ""),
        ("expertise", ""),
    }
    assert not DataValue.objects.filter(submission=submission).exists()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_STARTED
