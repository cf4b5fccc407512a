"""Which regions, organisations and locations each role sees, and who sees which address."""

import pytest
from django.contrib.auth.models import AnonymousUser

from opvangnet.accounts.models import User
from opvangnet.regions.models import Location, Organisation, Region
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def location_names(user: object) -> set[str]:
    return set(Location.objects.visible_to(user).values_list("name", flat=True))  # type: ignore[arg-type]


def test_every_role_and_anonymous_see_all_regions(cast: Cast) -> None:
    for user in [*cast.everyone(), AnonymousUser()]:
        assert set(Region.objects.visible_to(user)) == {cast.amsterdam, cast.rijnmond}, user  # type: ignore[arg-type]


def test_inactive_locations_are_seen_only_by_national_coordinator_administrator_and_own_organisation(
    cast: Cast,
) -> None:
    active = {"Crisisopvang A", "Inloop A", "Crisisopvang B"}
    expected = {
        cast.alice: active,
        cast.bob: active,
        cast.carol: active,
        cast.dave: active | {"Gesloten B"},
        cast.nina: active | {"Gesloten B"},
        cast.paul: active,
        cast.ada: active,
        cast.ines: active,
        cast.bea: active | {"Gesloten B"},
        cast.rick: active,
    }
    for user, names in expected.items():
        assert location_names(user) == names, user.username
    assert location_names(AnonymousUser()) == active


def test_inactive_organisations_are_hidden_from_roles_without_view_inactive(cast: Cast) -> None:
    cast.shelter_b.active = False
    cast.shelter_b.save()
    for user in cast.everyone():
        sees_b = Organisation.objects.visible_to(user).filter(pk=cast.shelter_b.pk).exists()
        assert sees_b == (user in (cast.dave, cast.nina, cast.bea)), user.username
    # A location of an inactive organisation disappears with it.
    assert "Crisisopvang B" not in location_names(cast.alice)


def test_secret_addresses_are_shown_only_to_the_own_organisation(cast: Cast) -> None:
    sees_secret_a = {user.username for user in cast.everyone() if cast.secret_a.address_for(user)}
    sees_secret_b = {user.username for user in cast.everyone() if cast.secret_b.address_for(user)}
    assert sees_secret_a == {"carol"}
    assert sees_secret_b == {"dave"}
    assert cast.secret_a.address_for(AnonymousUser()) is None


def test_ordinary_addresses_are_hidden_from_policy_makers_ind_assessors_and_anonymous(cast: Cast) -> None:
    hidden = {user.username for user in cast.everyone() if cast.public_a.address_for(user) is None}
    assert hidden == {"paul", "ines", "ada", "gus"}
    assert cast.public_a.address_for(AnonymousUser()) is None
    assert cast.public_a.address_for(cast.rick) == "Openbaarplein 2, 1011 AB, Amsterdam"


def test_an_inactive_user_keeps_no_permissions(cast: Cast) -> None:
    cast.carol.is_active = False
    cast.carol.save()
    assert cast.secret_a.address_for(cast.carol) is None
    assert cast.public_a.address_for(cast.carol) is None


def test_users_are_scoped_to_organisation_region_or_self(cast: Cast) -> None:
    def names(user: User) -> set[str]:
        return set(User.objects.visible_to(user).values_list("username", flat=True))

    everyone = {user.username for user in cast.everyone()}
    assert names(cast.bea) == everyone
    assert names(cast.nina) == everyone
    assert names(cast.carol) == {"carol"}
    assert names(cast.alice) == {"alice"}
    assert names(cast.paul) == {"paul"}
    colleague = User.objects.create(username="carla", role="provider", organisation=cast.shelter_a)
    assert names(cast.carol) == {"carol", colleague.username}
