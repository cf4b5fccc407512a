"""Every change to a scenario: made and queued by a person, run and finished by the background worker."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.accounts.models import User
from opvangnet.audit.services import record
from opvangnet.planning import forecast, history
from opvangnet.planning.models import Scenario, ScenarioKind, ScenarioStatus
from opvangnet.planning.plan import plan
from opvangnet.planning.simulate import ContractError, simulate

logger = logging.getLogger(__name__)
CARE_TYPES = tuple(str(c) for c in history.CHAIN)
# Progress is written at most this often: each write is a query, and the page polls once a second.
PROGRESS_INTERVAL_SECONDS = 0.5


def _check(scenario: Scenario, status: str) -> None:
    if not scenario.can_move_to(status):
        raise ValidationError(
            _("A scenario that is %(now)s cannot become %(then)s.") % {"now": scenario.status, "then": status}
        )


def create_scenario(
    actor: User, *, name: str, kind: str, settings: Mapping[str, Any], description: str = ""
) -> Scenario:
    """Save a scenario from the form's settings and queue it for the background worker (after commit).

    The model itself is built when the scenario runs, from the records of that moment.
    """
    from opvangnet.planning.tasks import run_scenario as run_task

    with transaction.atomic():
        scenario = Scenario.objects.create(
            name=name, description=description, kind=kind, parameters=dict(settings), created_by=actor
        )
        record(actor, "planning.create_scenario", scenario, details={"kind": kind})

        def enqueue() -> None:
            result = run_task.enqueue(scenario.pk)
            Scenario.objects.filter(pk=scenario.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    return scenario


def delete_scenario(actor: User, scenario: Scenario) -> None:
    """Remove a scenario that is not running (a running one finishes first)."""
    with transaction.atomic():
        locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if locked.status == ScenarioStatus.RUNNING:
            raise ValidationError(_("This scenario is running; delete it when it has finished."))
        record(actor, "planning.delete_scenario", locked, details={"kind": locked.kind})
        locked.delete()


def build_input(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Today's estimate (`history.estimate`, last twelve full months) changed by the scenario's settings:
    demand (history or forecast), arrivals and places per care type in %, levers, targets, runs."""
    data = history.estimate(
        history.Period.last_twelve_months(),
        replications=int(settings.get("replications", history.REPLICATIONS)),
        seed=int(settings.get("seed", 1)),
    )
    factors: dict[tuple[str, str], float] = {}
    if settings.get("demand") in ("expected", "high"):
        regions = sorted({s["region"] for s in data["streams"]})
        factors = forecast.demand_factors(settings["demand"], CARE_TYPES, regions)
    arrivals = settings.get("arrivals_percent", {})
    for stream in data["streams"]:
        care_type = stream["care_type"]
        factor = factors.get((stream["region"], care_type), 1.0) * float(arrivals.get(care_type, 100)) / 100
        stream["arrivals_per_day"] = round(stream["arrivals_per_day"] * factor, 6)
    places = settings.get("places_percent", {})
    for pool in data["pools"]:
        pool["capacity"] = round(pool["capacity"] * float(places.get(pool["care_type"], 100)) / 100)
    stays = settings.get("stay_percent", {})
    data["levers"] = {
        "open_crisis_to_men": bool(settings.get("open_crisis_to_men")),
        "pool_with_neighbours": bool(settings.get("pool_with_neighbours")),
        "stay_factor": {c: float(p) / 100 for c, p in stays.items() if float(p) != 100},
    }
    targets = settings.get("targets", {})
    if targets:
        data["targets"] = [
            {
                "stream": s["id"],
                "within_days": targets[s["care_type"]]["days"],
                "share": targets[s["care_type"]]["share"],
            }
            for s in data["streams"]
            if s["care_type"] in targets
        ]
    return data


def record_progress(scenario_id: int, percent: int) -> None:
    Scenario.objects.filter(pk=scenario_id, status=ScenarioStatus.RUNNING).update(
        progress=max(0, min(percent, 100))
    )


def run_scenario(scenario_id: int) -> None:
    """Run a queued scenario (called by the background worker): build its model, simulate or plan, store the
    result. Any failure is stored on the scenario, readable for its owner, never raised to the worker."""
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario_id)
        if scenario.status != ScenarioStatus.QUEUED:
            return  # already run (a second worker, or a retried task)
        _check(scenario, ScenarioStatus.RUNNING)
        scenario.status, scenario.started_at, scenario.progress = ScenarioStatus.RUNNING, timezone.now(), 1
        scenario.save(update_fields=["status", "started_at", "progress"])
    last = [0.0, 0]

    def progress(done: int, total: int) -> None:
        percent = int(100 * done / max(total, 1))
        now = time.monotonic()
        if percent > last[1] and (now - last[0] >= PROGRESS_INTERVAL_SECONDS or percent == 100):
            last[:] = [now, percent]
            record_progress(scenario_id, min(percent, 99))

    try:
        model_input = build_input(scenario.parameters)
        Scenario.objects.filter(pk=scenario_id).update(model_input=model_input)
        run = plan if scenario.kind == ScenarioKind.PLAN else simulate
        result = run(model_input, progress=progress)
    except ContractError as error:
        _finish(
            scenario_id,
            ScenarioStatus.FAILED,
            error=_("The model is not valid: %(error)s") % {"error": error},
        )
        return
    except Exception:
        logger.exception("scenario %s failed", scenario_id)
        _finish(scenario_id, ScenarioStatus.FAILED, error=_("The calculation failed; see the server log."))
        return
    _finish(scenario_id, ScenarioStatus.DONE, result=result)


def _finish(scenario_id: int, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario_id)
        _check(scenario, status)
        scenario.status, scenario.finished_at, scenario.error = status, timezone.now(), error
        scenario.result = result
        scenario.progress = 100 if status == ScenarioStatus.DONE else scenario.progress
        scenario.save(update_fields=["status", "finished_at", "error", "result", "progress"])
