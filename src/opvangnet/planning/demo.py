"""Two scenarios for the demo, so the planning pages show something from the start: today's places
simulated as they are (run here, about a second), and the places needed when crisis places are open to men
(a plan takes half a minute: it is queued for the background worker that `opvangnet demo` starts, and shows
its progress)."""

from __future__ import annotations

from django.db import transaction

from opvangnet.accounts.models import User
from opvangnet.planning import services
from opvangnet.planning.models import Scenario, ScenarioKind

DEMO_SETTINGS = {
    "demand": "history",
    "arrivals_percent": {"crisis": 100, "long_term": 100, "transitional": 100},
    "places_percent": {"crisis": 100, "long_term": 100, "transitional": 100},
    "stay_percent": {"crisis": 100, "long_term": 100, "transitional": 100},
    "open_crisis_to_men": False,
    "pool_with_neighbours": False,
    "targets": {"crisis": {"days": 1, "share": 0.95}, "long_term": {"days": 14, "share": 0.9}},
    "replications": 20,
    "seed": 1,
}


def seed_scenarios() -> int:
    """Create the demo scenarios: run the first here, queue the second (after commit); returns how many."""
    from opvangnet.planning.tasks import run_scenario

    owner = (
        User.objects.filter(username="landelijk").first() or User.objects.filter(is_superuser=False).first()
    )
    if owner is None:
        return 0
    scenarios = [
        Scenario.objects.create(
            name="Vandaag: wachttijden met de huidige plaatsen",
            description="De aanvragen van de afgelopen twaalf maanden en de plaatsen van vandaag.",
            kind=ScenarioKind.SIMULATE,
            parameters=DEMO_SETTINGS,
            created_by=owner,
        ),
        Scenario.objects.create(
            name="Crisisplaatsen open voor mannen",
            description=(
                "Hoeveel plaatsen zijn nodig als mannen ook in de crisisopvang voor vrouwen terecht kunnen?"
            ),
            kind=ScenarioKind.PLAN,
            parameters={**DEMO_SETTINGS, "open_crisis_to_men": True},
            created_by=owner,
        ),
    ]
    services.run_scenario(scenarios[0].pk)
    queued = scenarios[1].pk
    transaction.on_commit(lambda: run_scenario.enqueue(queued))
    return len(scenarios)
