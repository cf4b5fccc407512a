"""Builders for data-collection tests: the default form, a round, contributors, answers that pass."""

from __future__ import annotations

from datetime import date
from typing import Any

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.collection import services
from opvangnet.collection.definitions import load_default_form
from opvangnet.collection.models import FormVersion, PeriodKind, Round, Submission
from opvangnet.collection.validation import ValueInput
from opvangnet.regions.models import Municipality, Organisation, OrganisationKind, Region
from tests.builders import make_organisation, make_user


def default_version() -> FormVersion:
    return load_default_form()


def make_round(
    actor: User,
    regions: list[Region],
    *,
    kind: str = PeriodKind.QUARTER,
    year: int = 2026,
    number: int = 1,
    deadline: date | None = None,
    version: FormVersion | None = None,
) -> Round:
    """A round opened by the national coordinator `actor` (Q1 2026 by default, deadline 15 April)."""
    return services.open_round(
        actor,
        services.RoundInput(
            form_version=version or default_version(),
            period_kind=kind,
            year=year,
            number=number,
            deadline=deadline or date(year, 4, 15)
            if kind == PeriodKind.QUARTER
            else deadline or date(year + 1, 2, 15),
            regions=regions,
        ),
    )


def submission_of(round_: Round, region: Region) -> Submission:
    return Submission.objects.get(round=round_, region=region)


def make_municipal_contributor(username: str, municipality: Municipality, **overrides: Any) -> User:
    return make_user(
        username, Role.CONTRIBUTOR, region=municipality.region, municipality=municipality, **overrides
    )


def make_umbrella_contributor(
    username: str, region: Region, organisation: Organisation | None = None
) -> User:
    umbrella = organisation or make_organisation("Federatie Opvang (test)", kind=OrganisationKind.UMBRELLA)
    return make_user(username, Role.CONTRIBUTOR, region=region, organisation=umbrella)


# Answers to the default form's questions that nobody prefills, which make a region form submittable.
REGION_ANSWERS = [
    ValueInput("shortage_care_type", "", "crisis"),
    ValueInput("shortage_group", "", "men"),
    ValueInput("missing", "", "Crisisplekken voor mannen en plekken voor jongeren."),
    ValueInput("municipal_places", "", 4),
    ValueInput("municipal_places", "crisis", 4),
    ValueInput("municipal_signals", "", 12),
    ValueInput("helped_elsewhere", "", 3),
    ValueInput("helped_elsewhere", "man", 3),
    ValueInput("expertise", "", "partly"),
]

MUNICIPAL_ANSWERS = [
    ValueInput("municipal_places", "", 6),
    ValueInput("municipal_places", "crisis", 4),
    ValueInput("municipal_places", "long_term", 2),
    ValueInput("municipal_signals", "", 9),
    ValueInput("municipal_missing", "", "Meer crisisplekken."),
]
