"""Planning pages: who may see and do what, a scenario run by the real worker, comparisons and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from opvangnet.placement.models import PlacementRequest
from opvangnet.planning.models import Scenario, ScenarioStatus
from tests.builders import make_offer, make_request
from tests.personas import Cast
from tests.planning.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Meer crisisplaatsen",
    "kind": "plan",
    "demand": "history",
    "open_crisis_to_men": "on",
    "replications": 10,
    "seed": 1,
    **{
        f"{kind}_{care}": 100
        for kind in ("arrivals", "places", "stay")
        for care in ("crisis", "long_term", "transitional")
    },
    "target_crisis_days": 1,
    "target_crisis_share": 95,
    "target_long_term_days": 14,
    "target_long_term_share": 90,
}


@pytest.fixture
def history(cast: Cast) -> None:
    make_offer(cast.secret_a, places=2, accepts_man=False)
    make_offer(cast.secret_b, places=3, care_type="long_term")
    for gender in ("woman", "woman", "man"):
        make_request(cast.alice, gender=gender)
    make_request(cast.bob, care_type="long_term")
    # Today's estimate reads the last twelve full months: move the requests into last month.
    PlacementRequest.objects.update(created_at=timezone.now() - timedelta(days=35))


@pytest.fixture
def post_scenario(django_capture_on_commit_callbacks: Any) -> Any:
    """POST the scenario form; the task is queued on commit, which a test transaction never reaches."""

    def post(client: Client, data: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("planning:new"), data)

    return post


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["planning:index", "planning:forecast", "planning:new", "planning:compare"])
def test_anonymous_visitors_are_sent_to_the_login(name: str, cast: Cast) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["alice", "carol", "ada", "ines", "bea", "rick"])
@pytest.mark.parametrize("name", ["planning:index", "planning:forecast", "planning:new", "planning:compare"])
def test_other_roles_are_refused(name: str, who: str, cast: Cast) -> None:
    assert _client(getattr(cast, who)).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("who", ["nina", "paul"])
def test_the_national_coordinator_and_policy_makers_plan(who: str, cast: Cast, history: None) -> None:
    client = _client(getattr(cast, who))
    for name in ("planning:index", "planning:forecast", "planning:new"):
        assert client.get(reverse(name)).status_code == 200


def test_a_scenario_runs_in_the_background_and_shows_the_places_needed(
    cast: Cast, history: None, post_scenario: Any
) -> None:
    client = _client(cast.paul)
    response = post_scenario(client, FORM)
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:detail", args=[scenario.pk])
    assert scenario.status == ScenarioStatus.QUEUED
    assert DBTaskResult.objects.filter(task_path__endswith="run_scenario").count() == 1
    page = client.get(reverse("planning:detail", args=[scenario.pk])).content.decode()
    assert 'id="progress-bar"' in page

    run_queued_tasks()

    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DONE, scenario.error
    assert scenario.model_input["levers"]["open_crisis_to_men"] is True
    assert scenario.result is not None
    assert scenario.result["meets_targets"] in (True, False)
    progress = client.get(reverse("planning:progress", args=[scenario.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    page = client.get(reverse("planning:detail", args=[scenario.pk])).content.decode()
    assert 'id="care-type-figures"' in page
    assert "data:image/svg+xml;base64," in page


def test_scenarios_compare_side_by_side_and_export_without_formulas(
    cast: Cast, history: None, post_scenario: Any
) -> None:
    client = _client(cast.nina)
    post_scenario(client, {**FORM, "name": "=HYPERLINK(1)", "kind": "simulate"})
    post_scenario(client, {**FORM, "name": "Alles +50%", "places_crisis": 150})
    run_queued_tasks()
    first, second = Scenario.objects.order_by("pk")
    assert {first.status, second.status} == {ScenarioStatus.DONE}
    page = client.get(reverse("planning:compare"), {"scenario": [first.pk, second.pk]}).content.decode()
    assert 'id="comparison"' in page
    assert "Alles +50%" in page

    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("planning:export", args=[first.pk, "csv"])).content.decode())
        )
    )
    assert rows[0] == ["Scenario", "'=HYPERLINK(1)"] or rows[0][1] == "'=HYPERLINK(1)"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("planning:export", args=[second.pk, "xlsx"])).content)
    )
    assert workbook.worksheets[0].max_row > 1
    assert client.get(reverse("planning:export", args=[first.pk, "pdf"])).status_code == 404


def test_bad_form_input_is_a_form_error_and_saves_nothing(cast: Cast, history: None) -> None:
    response = _client(cast.paul).post(reverse("planning:new"), {**FORM, "places_crisis": -5, "name": ""})
    assert response.status_code == 200
    assert Scenario.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_an_unknown_scenario_is_404_and_a_coordinator_gets_403(
    cast: Cast, history: None, post_scenario: Any
) -> None:
    assert _client(cast.nina).get(reverse("planning:detail", args=[999])).status_code == 404
    post_scenario(_client(cast.nina), {**FORM, "kind": "simulate"})
    scenario = Scenario.objects.get()
    assert _client(cast.alice).get(reverse("planning:detail", args=[scenario.pk])).status_code == 403
    assert _client(cast.alice).post(reverse("planning:delete", args=[scenario.pk])).status_code == 403


def test_a_scenario_is_deleted_by_a_planner_with_an_audit_entry(
    cast: Cast, history: None, post_scenario: Any
) -> None:
    from opvangnet.audit.models import AuditEntry

    client = _client(cast.nina)
    post_scenario(client, {**FORM, "kind": "simulate"})
    scenario = Scenario.objects.get()
    assert client.post(reverse("planning:delete", args=[scenario.pk])).status_code == 302
    assert not Scenario.objects.exists()
    assert AuditEntry.objects.filter(action="planning.delete_scenario").exists()


def test_the_forecast_hides_small_counts_from_policy_makers_only(cast: Cast, history: None) -> None:
    # Spread the requests over the past year, so there is a history of more than six months.
    for months, request in enumerate(PlacementRequest.objects.all()):
        PlacementRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(days=40 + 75 * months)
        )
    paul = _client(cast.paul).get(reverse("planning:forecast"), {"care_type": "crisis"}).content.decode()
    nina = (
        _client(cast.nina)
        .get(reverse("planning:forecast"), {"care_type": "crisis", "region": "VO04"})
        .content.decode()
    )
    assert 'id="forecast-table"' in paul
    assert "&lt;5" in paul
    assert 'id="forecast-table"' in nina
    assert "&lt;5" not in nina
    assert 'name="region"' not in paul
