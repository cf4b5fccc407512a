"""Roles and scope change only through the audited service; secret-seeing roles need a second admin."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import GrantStatus, RoleGrant, User
from opvangnet.accounts.roles import Role
from opvangnet.accounts.services import approve_role_change, reject_role_change, request_role_change
from opvangnet.audit.models import AuditEntry
from tests.builders import make_user
from tests.personas import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(cast: Cast) -> User:
    return make_user("beatrix", Role.ADMINISTRATOR, is_staff=True)


def test_nobody_changes_their_own_role(cast: Cast, client: Client) -> None:
    with pytest.raises(PermissionDenied):
        request_role_change(cast.bea, cast.bea, Role.NATIONAL_COORDINATOR, reason="mag ik")
    client.force_login(cast.bea)
    response = client.post(
        reverse("accounts:change_role", args=[cast.bea.pk]), {"role": "national_coordinator", "reason": "x"}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=cast.bea.pk).role == Role.ADMINISTRATOR


def test_only_administrators_change_roles(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        request_role_change(cast.nina, cast.alice, Role.POLICY_MAKER, reason="x")


def test_an_ordinary_role_is_applied_at_once_audited_and_the_person_is_told(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast.alice.email = "alice@example.org"
    cast.alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        grant = request_role_change(
            cast.bea, cast.alice, Role.COORDINATOR, region=cast.rijnmond, reason="verhuisd"
        )
    assert grant.status == GrantStatus.APPROVED
    assert User.objects.get(pk=cast.alice.pk).region == cast.rijnmond
    entry = AuditEntry.objects.get(action="accounts.role_granted")
    assert (entry.actor, entry.target_id, entry.details["previous"]["region"]) == (
        cast.bea,
        str(cast.alice.pk),
        cast.amsterdam.pk,
    )
    assert mail.outbox[0].to == ["alice@example.org"]


def test_a_secret_seeing_role_waits_for_a_second_administrator(cast: Cast, second_admin: User) -> None:
    grant = request_role_change(cast.bea, cast.paul, Role.NATIONAL_COORDINATOR, reason="nieuwe functie")
    assert grant.status == GrantStatus.PENDING
    assert User.objects.get(pk=cast.paul.pk).role == Role.POLICY_MAKER
    with pytest.raises(PermissionDenied):
        approve_role_change(cast.bea, grant)  # not the one who asked

    approve_role_change(second_admin, grant, note="akkoord")

    assert User.objects.get(pk=cast.paul.pk).role == Role.NATIONAL_COORDINATOR
    requested = AuditEntry.objects.get(action="accounts.role_change_requested")
    granted = AuditEntry.objects.get(action="accounts.role_granted")
    assert (requested.actor, granted.actor) == (cast.bea, second_admin)
    assert granted.details["four_eyes"] is True


def test_an_administrator_role_needs_four_eyes_too(cast: Cast) -> None:
    grant = request_role_change(cast.bea, cast.alice, Role.ADMINISTRATOR, reason="hulp")
    assert grant.status == GrantStatus.PENDING
    assert not User.objects.get(pk=cast.alice.pk).is_staff


def test_a_rejected_change_changes_nothing(cast: Cast, second_admin: User) -> None:
    grant = request_role_change(cast.bea, cast.paul, Role.IND_OFFICER, reason="x")
    with pytest.raises(ValidationError):
        reject_role_change(second_admin, grant, note="")
    reject_role_change(second_admin, grant, note="niet nodig")
    assert RoleGrant.objects.get().status == GrantStatus.REJECTED
    assert User.objects.get(pk=cast.paul.pk).role == Role.POLICY_MAKER
    with pytest.raises(ValidationError):
        approve_role_change(second_admin, grant)


def test_the_scope_must_fit_the_role(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        request_role_change(cast.bea, cast.paul, Role.COORDINATOR, reason="x")
    assert "region" in error.value.message_dict
    assert not RoleGrant.objects.exists()


def test_the_four_eyes_grant_works_through_the_pages(cast: Cast, second_admin: User, client: Client) -> None:
    client.force_login(cast.bea)
    client.post(
        reverse("accounts:change_role", args=[cast.paul.pk]), {"role": "assessor", "reason": "commissielid"}
    )
    grant = RoleGrant.objects.get()
    page = client.get(reverse("accounts:users")).content.decode()
    assert reverse("accounts:decide_role_change", args=[grant.pk, "approve"]) not in page
    client.post(reverse("accounts:decide_role_change", args=[grant.pk, "approve"]))
    assert User.objects.get(pk=cast.paul.pk).role == Role.POLICY_MAKER

    client.force_login(second_admin)
    client.post(reverse("accounts:decide_role_change", args=[grant.pk, "approve"]))
    assert User.objects.get(pk=cast.paul.pk).role == Role.ASSESSOR


def test_a_contributor_role_needs_a_region_and_one_party(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        request_role_change(cast.bea, cast.paul, Role.CONTRIBUTOR, region=cast.amsterdam, reason="uitvraag")
    assert "municipality" in error.value.message_dict
    request_role_change(
        cast.bea,
        cast.paul,
        Role.CONTRIBUTOR,
        region=cast.amsterdam,
        municipality=cast.amsterdam_city,
        reason="uitvraag",
    )
    paul = User.objects.get(pk=cast.paul.pk)
    assert (paul.role, paul.region, paul.municipality) == (
        Role.CONTRIBUTOR,
        cast.amsterdam,
        cast.amsterdam_city,
    )
