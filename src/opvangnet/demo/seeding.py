"""Build a synthetic but realistic country for demos, tests by hand and benchmarks.

Each domain app has a `demo.py` that adds its part; this module runs them in order, deterministically for a
seed: the same `--seed` and `--scale` always give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from opvangnet.accounts.demo import DemoLogin, add_demo_second_factors, seed_users
from opvangnet.accounts.models import User
from opvangnet.capacity.demo import seed_offers
from opvangnet.capacity.models import Offer
from opvangnet.collection.demo import clear_collection, seed_collection
from opvangnet.core.statistics import refresh_planner_statistics
from opvangnet.identification.demo import clear_identification, seed_identification
from opvangnet.insights.population import load_population
from opvangnet.placement.demo import seed_placements
from opvangnet.placement.models import PlacementRequest
from opvangnet.planning.demo import seed_scenarios
from opvangnet.planning.models import Scenario
from opvangnet.regions.demo import seed_contacts, seed_organisations
from opvangnet.regions.models import Location, Organisation
from opvangnet.regions.services import load_division


@dataclass(frozen=True)
class SeedResult:
    organisations: int
    locations: int
    users: int
    logins: list[DemoLogin]


def database_is_empty() -> bool:
    return not Organisation.objects.exists() and not User.objects.exists()


@transaction.atomic
def seed_country(*, scale: int = 1, seed: int = 1, replace: bool = False) -> SeedResult:
    """Load the regional division and generate organisations, locations, users, offers with their history,
    placement requests, identification cases and data-collection rounds.

    Refuses to run on a database that already holds organisations or users unless `replace` is given, which
    first deletes all of that (superusers excepted).
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if not database_is_empty():
        if not replace:
            raise ValueError("the database already holds data; use --replace to generate it anew")
        # Dependants first: requests and cases point at users, offers and organisations.
        Scenario.objects.all().delete()
        clear_collection()
        PlacementRequest.objects.all().delete()
        clear_identification()
        User.objects.filter(is_superuser=False).delete()
        Offer.objects.all().delete()
        Location.objects.all().delete()
        Organisation.objects.all().delete()
    load_division()
    rng = random.Random(seed)
    organisations = seed_organisations(rng, scale)
    logins = seed_users(rng, organisations)
    seed_offers(rng)
    seed_contacts()
    seed_placements(rng, scale)
    seed_identification(rng)
    load_population()
    seed_scenarios()
    seed_collection(rng)
    add_demo_second_factors()
    refresh_planner_statistics()
    return SeedResult(
        organisations=Organisation.objects.count(),
        locations=Location.objects.count(),
        users=User.objects.count(),
        logins=logins,
    )
