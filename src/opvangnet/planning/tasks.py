"""Background work of the planning app, run by the tasks framework's database worker (`opvangnet db_worker`,
started by `opvangnet serve`)."""

from __future__ import annotations

from django_tasks import task

from opvangnet.planning import services


@task()
def run_scenario(scenario_id: int) -> None:
    services.run_scenario(scenario_id)
