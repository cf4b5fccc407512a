"""Fixtures for identification: a team of assessors from different disciplines next to the cast's ada."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from tests.builders import make_user
from tests.personas import Cast


@dataclass
class Team:
    ada: User  # care
    olga: User  # legal
    sam: User  # medical, for reconsideration panels
    tess: User  # psychological, for reconsideration panels


@pytest.fixture
def team(cast: Cast) -> Team:
    return Team(
        ada=cast.ada,
        olga=make_user("olga", Role.ASSESSOR, email="olga@example.org"),
        sam=make_user("sam", Role.ASSESSOR, email="sam@example.org"),
        tess=make_user("tess", Role.ASSESSOR, email="tess@example.org"),
    )
