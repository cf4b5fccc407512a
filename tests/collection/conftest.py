from __future__ import annotations

from dataclasses import dataclass

import pytest

from opvangnet.accounts.models import User
from opvangnet.collection import services
from opvangnet.collection.models import Contribution, Round, Submission
from opvangnet.regions.models import Municipality
from tests.builders import make_municipality, make_organisation
from tests.collection.builders import (
    make_municipal_contributor,
    make_round,
    make_umbrella_contributor,
    submission_of,
)
from tests.personas import Cast


@dataclass
class Collection:
    """An open round for Amsterdam and Rijnmond, each region with a municipal contribution; Amsterdam also
    with an umbrella organisation's. Gemma speaks for Amsterdam, Otto for Diemen (also Amsterdam's region),
    Rob for Rotterdam, Ulla for the umbrella organisation in Amsterdam."""

    round: Round
    amsterdam: Submission
    rijnmond: Submission
    amsterdam_municipal: Contribution
    diemen_municipal: Contribution
    amsterdam_umbrella: Contribution
    rijnmond_municipal: Contribution
    diemen: Municipality
    gemma: User
    otto: User
    rob: User
    ulla: User


@pytest.fixture
def collection(cast: Cast) -> Collection:
    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    amsterdam, rijnmond = submission_of(round_, cast.amsterdam), submission_of(round_, cast.rijnmond)
    diemen = make_municipality("GM0384", "Diemen", cast.amsterdam)
    umbrella = make_organisation("Federatie Opvang (test)", kind="umbrella")
    invite = services.invite_contributor
    return Collection(
        round=round_,
        amsterdam=amsterdam,
        rijnmond=rijnmond,
        amsterdam_municipal=invite(cast.alice, amsterdam, "gemeente", municipality=cast.amsterdam_city),
        diemen_municipal=invite(cast.alice, amsterdam, "gemeente", municipality=diemen),
        amsterdam_umbrella=invite(cast.alice, amsterdam, "organisaties", organisation=umbrella),
        rijnmond_municipal=invite(cast.bob, rijnmond, "gemeente", municipality=cast.rotterdam_city),
        diemen=diemen,
        gemma=make_municipal_contributor("gemma", cast.amsterdam_city),
        otto=make_municipal_contributor("otto", diemen),
        rob=make_municipal_contributor("rob", cast.rotterdam_city),
        ulla=make_umbrella_contributor("ulla", cast.amsterdam, umbrella),
    )
