"""Fixtures for identification: a pool of assessors from different disciplines next to the cast's ada."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from tests.builders import make_user
from tests.personas import Cast


@dataclass
class Team:
    ada: User  # the cast's assessor (no e-mail address)
    olga: User
    sam: User
    tess: User
    uma: User
    vic: User


@pytest.fixture
def team(cast: Cast) -> Team:
    return Team(
        ada=cast.ada,
        **{
            name: make_user(name, Role.ASSESSOR, email=f"{name}@example.org")
            for name in ("olga", "sam", "tess", "uma", "vic")
        },
    )
