"""Changes to accounts: roles and scope (four eyes for roles that see secrets), API tokens, second factors and
lockouts. Every change is audited and the person concerned is told by e-mail after commit.

Nobody changes their own role, region or organisation; the admin shows these fields read-only.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.utils import reset as reset_axes
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opvangnet.accounts.models import ApiToken, GrantStatus, RoleGrant, User
from opvangnet.accounts.roles import (
    ROLES_NEEDING_FOUR_EYES,
    ROLES_NEEDING_PARTY,
    ROLES_NEEDING_REGION,
    permissions_for_role,
)
from opvangnet.audit.services import record
from opvangnet.regions.models import Municipality, Organisation, Region

BACKUP_CODE_COUNT = 10


# --- roles and scope ---------------------------------------------------------------------------------------


def needs_second_administrator(role: str) -> bool:
    return role in ROLES_NEEDING_FOUR_EYES


def request_role_change(
    actor: User,
    user: User,
    role: str,
    *,
    reason: str,
    region: Region | None = None,
    organisation: Organisation | None = None,
    municipality: Municipality | None = None,
) -> RoleGrant:
    """Give `user` a role and scope. Applied at once, unless the role sees secret addresses or person data
    or hands out roles: then it waits for a second administrator (`approve_role_change`).

    Raises PermissionDenied for an actor without `accounts.change_user_role` or acting on themselves, and
    ValidationError when the scope does not fit the role (the user model's own rules) or a request is
    already waiting.
    """
    _check_administrator(actor, user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this role is needed.")})
    scope = _scope_for(role, region, organisation, municipality)
    _check_scope(user, role, scope)
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if RoleGrant.objects.filter(user=user, status=GrantStatus.PENDING).exists():
            raise ValidationError(_("A role change for this person is already waiting for approval."))
        grant = RoleGrant.objects.create(
            user=user,
            role=role,
            **scope,
            reason=reason.strip(),
            status=GrantStatus.PENDING,
            requested_by=actor,
        )
        record(
            actor, "accounts.role_change_requested", user, reason=grant.reason, details=_grant_details(grant)
        )
        if not needs_second_administrator(role):
            _apply(actor, grant)
    return grant


def approve_role_change(actor: User, grant: RoleGrant, *, note: str = "") -> RoleGrant:
    """The second administrator approves: the role and scope are applied. Nobody approves their own request
    or a change of their own account."""
    _check_administrator(actor, grant.user)
    if actor.pk == grant.requested_by_id:
        raise PermissionDenied(_("A second administrator must approve this; you asked for it yourself."))
    with transaction.atomic():
        grant = _locked_pending(grant)
        grant.decision_note = note.strip()
        _apply(actor, grant)
    return grant


def reject_role_change(actor: User, grant: RoleGrant, *, note: str) -> RoleGrant:
    _check_administrator(actor, grant.user)
    if not note.strip():
        raise ValidationError({"note": _("Say why the change is rejected.")})
    with transaction.atomic():
        grant = _locked_pending(grant)
        grant.status = GrantStatus.REJECTED
        grant.decided_by, grant.decided_at, grant.decision_note = actor, timezone.now(), note.strip()
        grant.save()
        record(
            actor,
            "accounts.role_change_rejected",
            grant.user,
            reason=grant.decision_note,
            details=_grant_details(grant),
        )
        _tell(
            grant.user,
            _("Your role in Opvangnet was not changed"),
            _("A requested change of your role was rejected. Ask your administrator for details."),
        )
    return grant


def _apply(actor: User, grant: RoleGrant) -> None:
    user = User.objects.select_for_update().get(pk=grant.user_id)
    previous = {
        "role": user.role,
        "region": user.region_id,
        "organisation": user.organisation_id,
        "municipality": user.municipality_id,
    }
    user.role, user.region = grant.role, grant.region
    user.organisation, user.municipality = grant.organisation, grant.municipality
    # The admin opens only for a role that manages accounts; staff follows the role, nothing else grants it.
    user.is_staff = "accounts.change_user_role" in permissions_for_role(grant.role)
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "region", "organisation", "municipality", "is_staff"])
    grant.status = GrantStatus.APPROVED
    grant.decided_by, grant.decided_at = actor, timezone.now()
    grant.save()
    record(
        actor,
        "accounts.role_granted",
        user,
        reason=grant.reason,
        details={**_grant_details(grant), "previous": previous},
    )
    _tell(
        user,
        _("Your role in Opvangnet changed"),
        _("Your role is now: %(role)s. If you did not expect this, tell your administrator at once.")
        % {"role": grant.role_label},
    )


def _locked_pending(grant: RoleGrant) -> RoleGrant:
    grant = RoleGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if grant.status != GrantStatus.PENDING:
        raise ValidationError(_("This role change has already been decided."))
    return grant


def _check_administrator(actor: User, user: User) -> None:
    if not actor.has_perm("accounts.change_user_role"):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise PermissionDenied(_("Nobody changes their own role, region or organisation."))


def _scope_for(
    role: str, region: Region | None, organisation: Organisation | None, municipality: Municipality | None
) -> dict[str, Any]:
    """Only the parts of a scope the role uses: a region for coordinators and contributors, an organisation
    where one is given (providers, chain partners, staff of a national body), a municipality for
    contributors."""
    uses_region = role in ROLES_NEEDING_REGION or role in ROLES_NEEDING_PARTY
    return {
        "region": region if uses_region else None,
        "organisation": organisation,
        "municipality": municipality if role in ROLES_NEEDING_PARTY else None,
    }


def _check_scope(user: User, role: str, scope: dict[str, Any]) -> None:
    """The user model decides which scope a role needs (`User.clean`); ask it on an unsaved copy."""
    candidate = copy(user)
    candidate.role = role
    for field, value in scope.items():
        setattr(candidate, field, value)
    candidate.clean()


def _grant_details(grant: RoleGrant) -> dict[str, object]:
    return {
        "grant": grant.pk,
        "role": grant.role,
        "region": grant.region_id,
        "organisation": grant.organisation_id,
        "municipality": grant.municipality_id,
        "four_eyes": needs_second_administrator(grant.role),
    }


def _tell(user: User, subject: str, body: str) -> None:
    """Mail the person after commit; never anything but the change itself."""
    if not user.email:
        return
    address = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
    )


# --- API tokens --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, never stored


def create_api_token(actor: User, *, name: str = "") -> NewToken:
    """A new token for the actor's own systems. Only its digest is stored; the key is returned once."""
    if not actor.has_perm("accounts.use_api_tokens"):
        raise PermissionDenied
    with transaction.atomic():
        token, key = ApiToken.objects.create(user=actor, name=name.strip()[:100])
        record(
            actor,
            "accounts.api_token_created",
            actor,
            details={"token": token.token_key, "expires": _iso(token.expiry)},
        )
    return NewToken(token, key)


def revoke_api_token(actor: User, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens (or any, for an administrator): it answers 401 from now on."""
    if token.user_id != actor.pk and not actor.has_perm("accounts.change_user_role"):
        raise PermissionDenied
    with transaction.atomic():
        record(actor, "accounts.api_token_revoked", token.user, details={"token": token.token_key})
        ApiToken.objects.filter(pk=token.pk).delete()


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


# --- second factor -----------------------------------------------------------------------------------------


def start_totp_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device for the user (the same one on every visit until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def confirm_totp_enrolment(user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code from the app; returns fresh backup codes (shown once)."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip()):
        raise ValidationError(
            {"code": _("This code is not right. Check the time on your phone and try again.")}
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _new_backup_codes(user)
        record(user, "accounts.second_factor_enrolled", user, details={"device": "totp"})
    return codes


def new_backup_codes(user: User) -> list[str]:
    with transaction.atomic():
        codes = _new_backup_codes(user)
        record(user, "accounts.backup_codes_renewed", user)
    return codes


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def reset_second_factor(actor: User, user: User, *, reason: str) -> None:
    """The administrator removes someone's devices (lost phone); they enrol again at their next login."""
    if not actor.has_perm("accounts.reset_second_factor") or actor.pk == user.pk:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the second factor is reset.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(actor, "accounts.second_factor_reset", user, reason=reason.strip())
        _tell(
            user,
            _("Your second factor for Opvangnet was reset"),
            _(
                "At your next login you set up your authenticator app again. If you did not ask for this, "
                "tell your administrator at once."
            ),
        )


def unlock_login(actor: User, user: User, *, reason: str) -> int:
    """Lift a lockout after too many failed logins (it also ends by itself after the cool-off time)."""
    if not actor.has_perm("accounts.unlock_login"):
        raise PermissionDenied
    with transaction.atomic():
        removed = reset_axes(username=user.get_username())
        record(
            actor,
            "accounts.login_unlocked",
            user,
            reason=reason.strip(),
            details={"attempts_removed": removed},
        )
    return removed
