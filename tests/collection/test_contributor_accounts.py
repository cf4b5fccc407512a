"""A contributor works for a region and one party: a municipality of that region or an organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from tests.builders import make_organisation
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_a_contributor_needs_a_region_and_exactly_one_party(cast: Cast) -> None:
    umbrella = make_organisation("Koepel", kind="umbrella")
    for scope in (
        {},
        {"region": cast.amsterdam},
        {"municipality": cast.amsterdam_city},
        {"region": cast.amsterdam, "municipality": cast.amsterdam_city, "organisation": umbrella},
    ):
        user = User(username="bijdrager", role=Role.CONTRIBUTOR, **scope)
        with pytest.raises(ValidationError):
            user.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            user.save()


def test_a_contributors_municipality_lies_in_the_own_region(cast: Cast) -> None:
    user = User(
        username="bijdrager", role=Role.CONTRIBUTOR, region=cast.amsterdam, municipality=cast.rotterdam_city
    )
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "municipality" in error.value.message_dict


def test_contributors_of_a_municipality_or_an_organisation_are_accepted(cast: Cast) -> None:
    umbrella = make_organisation("Koepel", kind="umbrella")
    for username, scope in (
        ("gemeente", {"municipality": cast.amsterdam_city}),
        ("koepel", {"organisation": umbrella}),
    ):
        user = User(username=username, role=Role.CONTRIBUTOR, region=cast.amsterdam, **scope)
        user.set_password("correct horse battery staple")
        user.full_clean()
        user.save()
        assert user.has_perm("collection.contribute")
        assert not user.has_perm("collection.fill_region_form")
        assert not user.has_perm("placement.request_placement")
