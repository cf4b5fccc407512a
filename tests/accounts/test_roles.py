from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import ROLE_PERMISSIONS, Role
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_every_role_has_a_permission_entry() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_permissions_come_from_the_role(cast: Cast) -> None:
    assert cast.nina.has_perm("regions.reveal_secret_address")
    assert not cast.alice.has_perm("regions.reveal_secret_address")
    assert not cast.bea.has_perm("regions.reveal_secret_address")
    assert cast.bea.has_perm("regions.change_location")
    assert not cast.nina.has_perm("regions.change_location")
    assert not cast.paul.has_perm("regions.view_address")


def test_the_role_is_the_only_source_and_asking_costs_no_query(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    from django.contrib.auth.models import Group, Permission

    reveal = Permission.objects.get(codename="reveal_secret_address")
    cast.alice.user_permissions.add(reveal)  # by hand in the database: grants nothing
    group = Group.objects.create(name="by hand")
    group.permissions.add(reveal)
    cast.alice.groups.add(group)
    alice = User.objects.get(pk=cast.alice.pk)
    with django_assert_num_queries(0):
        assert not alice.has_perm("regions.reveal_secret_address")
        assert alice.has_perm("placement.request_placement")
        assert "placement.request_placement" in alice.get_all_permissions()


def test_a_coordinator_without_region_is_refused() -> None:
    user = User(username="zonder", role=Role.COORDINATOR)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "region" in error.value.message_dict
    with pytest.raises(IntegrityError):
        user.save()


def test_a_provider_without_organisation_is_refused() -> None:
    user = User(username="zonder", role=Role.PROVIDER)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "organisation" in error.value.message_dict
