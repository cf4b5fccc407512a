"""Capacity-planning scenarios: an aggregate model of demand and places, run in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


class ScenarioKind(models.TextChoices):
    SIMULATE = "simulate", _("Simulate: what happens with these places")
    PLAN = "plan", _("Plan: how many places are needed")


class ScenarioStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ScenarioStatus.QUEUED: frozenset({ScenarioStatus.RUNNING, ScenarioStatus.FAILED}),
    ScenarioStatus.RUNNING: frozenset({ScenarioStatus.DONE, ScenarioStatus.FAILED}),
    ScenarioStatus.DONE: frozenset(),
    ScenarioStatus.FAILED: frozenset(),
}


class ScenarioQuerySet(models.QuerySet["Scenario"]):
    def visible_to(self, user: Viewer) -> ScenarioQuerySet:
        """Scenarios this user may see (see `accounts.scoping.scenarios_for`), creator joined."""
        return scoping.scenarios_for(user, self).select_related("created_by")

    def finished(self) -> ScenarioQuerySet:
        return self.filter(status=ScenarioStatus.DONE)


class Scenario(models.Model):
    """One question put to the simulation: its settings, the full model it ran on, and the result.

    Aggregate only: arrival rates, lengths of stay and places per region and care type; never a person.
    """

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ScenarioKind.choices, default=ScenarioKind.PLAN)
    # What the user chose on the form (factors, levers, targets), kept to show and to copy.
    parameters = models.JSONField(_("parameters"), default=dict)
    # The complete simulate/plan input as run (docs/cli.md): a result can be reproduced on the command line.
    model_input = models.JSONField(_("model input"), default=dict)
    result = models.JSONField(_("result"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        permissions = [
            ("view_planning", "Can see forecasts and capacity-planning scenarios"),
            ("run_scenario", "Can make and run capacity-planning scenarios"),
            ("view_exact_figures", "Can see demand figures per region without suppression"),
        ]

    def __str__(self) -> str:
        return self.name

    def can_move_to(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS[self.status]

    @property
    def is_finished(self) -> bool:
        return self.status in (ScenarioStatus.DONE, ScenarioStatus.FAILED)

    def summary(self) -> dict[str, Any]:
        """Headline figures of a finished run, for lists and comparisons; empty before."""
        from opvangnet.planning.figures import summarise

        return summarise(self) if self.status == ScenarioStatus.DONE and self.result else {}
