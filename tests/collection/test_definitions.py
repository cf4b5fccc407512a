"""Forms as data: the default form loads, a version a round uses never changes, answers keep their version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from opvangnet.collection import services
from opvangnet.collection.definitions import (
    check_definition,
    default_definition,
    definition_of,
    load_definition,
)
from opvangnet.collection.models import DataValue, FormVersion, Question
from tests.collection.builders import REGION_ANSWERS, default_version, make_round, submission_of
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_the_default_form_asks_what_the_national_picture_needs() -> None:
    version = default_version()
    codes = set(Question.objects.filter(section__version=version).values_list("code", flat=True))
    assert {"offers", "places", "requests", "placements", "refusals", "median_hours", "missing"} <= codes
    prefilled = Question.objects.filter(section__version=version).exclude(prefill="")
    assert prefilled.count() >= 15
    assert definition_of(version)["code"] == "landelijke-uitvraag"
    assert default_version().pk == version.pk  # loaded once


def test_a_definition_with_mistakes_lists_them_all_and_loads_nothing() -> None:
    document = default_definition()
    document["sections"][0]["questions"][0]["kind"] = "colour"
    document["sections"][0]["questions"][1]["prefill"] = "guesswork"
    document["rules"].append({"kind": "at_most", "left": ["missing"], "right": "nowhere"})
    with translation.override("en"):
        errors = check_definition(document)
    assert "Question offers: unknown kind." in errors
    assert "Question places: unknown prefilled figure." in errors
    assert "A rule names an unknown question: nowhere." in errors
    assert "A rule compares numbers only: missing is not a number." in errors
    with pytest.raises(ValidationError):
        load_definition(document)
    assert not FormVersion.objects.exists()


def test_editing_a_form_that_a_round_uses_makes_a_new_version_and_answers_keep_theirs(cast: Cast) -> None:
    version = default_version()

    def relabel(document: dict) -> None:
        document["sections"][0]["title"] = "Capaciteit in de regio"

    same = services.revise_form(cast.nina, version, relabel, "rename")
    assert same.pk == version.pk  # no round uses it yet: changed in place

    round_ = make_round(cast.nina, [cast.amsterdam], version=version)
    submission = submission_of(round_, cast.amsterdam)
    services.submit_submission(cast.alice, submission, REGION_ANSWERS)

    def tighten(document: dict) -> None:
        for section in document["sections"]:
            for question in section["questions"]:
                if question["code"] == "municipal_signals":
                    question["label"] = "Signalen bij de gemeente (nieuw)"
                    question["max_value"] = 500

    newer = services.revise_form(cast.nina, version, tighten, "edit_question")
    assert newer.number == version.number + 1
    assert newer.based_on == version
    old = Question.objects.get(section__version=version, code="municipal_signals")
    assert old.label != "Signalen bij de gemeente (nieuw)"
    assert old.max_value is None
    answer = DataValue.objects.get(submission=submission, question__code="municipal_signals")
    assert answer.question == old
    with pytest.raises(ValidationError):
        services.revise_form(cast.nina, version, tighten, "edit_question")  # only the latest changes
    with pytest.raises(services.PermissionDenied):
        services.revise_form(cast.alice, newer, tighten, "edit_question")


def test_the_editor_pages_change_a_question(client, cast: Cast) -> None:
    version = default_version()
    make_round(cast.nina, [cast.amsterdam], version=version)
    client.force_login(cast.nina)
    url = f"/collection/definitions/versions/{version.pk}/questions/municipal_signals/"
    page = client.get(url)
    assert page.status_code == 200
    data = {**page.context["form"].initial, "label": "Signalen (nieuw)", "required": "on", "prefill": ""}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302
    newer = FormVersion.objects.get(number=version.number + 1)
    assert response["Location"] == f"/collection/definitions/versions/{newer.pk}/"
    assert Question.objects.get(section__version=newer, code="municipal_signals").label == "Signalen (nieuw)"
    assert client.get(response["Location"]).status_code == 200
    assert (
        client.get(f"/collection/definitions/versions/{newer.pk}/definition.json").json()["code"]
        == "landelijke-uitvraag"
    )


def test_the_load_form_command_loads_a_document_as_the_next_version(tmp_path) -> None:
    from django.core.management import CommandError, call_command

    call_command("load-form")
    call_command("load-form")
    assert list(FormVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2]
    broken = tmp_path / "broken.json"
    broken.write_text('{"code": "x", "name": "X", "sections": [{"code": "a", "questions": [{"code": "q"}]}]}')
    with pytest.raises(CommandError):
        call_command("load-form", str(broken))
    assert FormVersion.objects.count() == 2
