"""Users of Opvangnet: one role each, scoped to a region or an organisation where the role needs it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from opvangnet.accounts import scoping

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer
from opvangnet.accounts.roles import (
    ROLES_NEEDING_ORGANISATION,
    ROLES_NEEDING_PARTY,
    ROLES_NEEDING_REGION,
    Role,
    role_label,
)


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: Viewer) -> UserQuerySet:
        """Users this user may see; see `accounts.scoping.users_for`."""
        return scoping.users_for(user, self).select_related("region", "organisation")


class OpvangnetUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: Viewer) -> UserQuerySet:
        return self.get_queryset().visible_to(user)


class User(AbstractUser):  # type: ignore[django-manager-missing]  # knox, untyped, adds auth_token_set
    # Empty until a role is granted (accounts/services.py): a new account sees nothing.
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("region"),
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    # Only for contributors to data-collection rounds who speak for a municipality (see ROLES_NEEDING_PARTY).
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )

    objects: ClassVar[OpvangnetUserManager] = OpvangnetUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.COORDINATOR) | models.Q(region__isnull=False),
                name="coordinator_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=[Role.PROVIDER, Role.CHAIN_PARTNER])
                | models.Q(organisation__isnull=False),
                name="provider_and_chain_partner_have_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.CONTRIBUTOR)
                | (
                    models.Q(region__isnull=False)
                    & (
                        models.Q(municipality__isnull=False, organisation__isnull=True)
                        | models.Q(municipality__isnull=True, organisation__isnull=False)
                    )
                ),
                name="contributor_has_region_and_one_party",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.role in ROLES_NEEDING_REGION and self.region_id is None:
            errors["region"] = _("A care coordinator works for a region; choose one.")
        if self.role in ROLES_NEEDING_ORGANISATION and self.organisation_id is None:
            errors["organisation"] = _("This role works for an organisation; choose one.")
        if self.role in ROLES_NEEDING_PARTY:
            errors.update(self._contributor_scope_errors())
        if errors:
            raise ValidationError(errors)

    def _contributor_scope_errors(self) -> dict[str, object]:
        errors: dict[str, object] = {}
        if self.region_id is None:
            errors["region"] = _("A contributor fills in a region's form; choose the region.")
        if (self.municipality_id is None) == (self.organisation_id is None):
            errors["municipality"] = _(
                "A contributor speaks for either a municipality or an organisation; choose exactly one."
            )
        elif (
            self.municipality is not None and self.region_id and self.municipality.region_id != self.region_id
        ):
            errors["municipality"] = _("This municipality belongs to another region.")
        return errors

    @property
    def role_label(self) -> str:
        return role_label(self.role)


class ApiToken(AbstractAuthToken):
    """A provider system's key to the API. Only a SHA-512 digest is stored (django-rest-knox); the key itself
    is shown once. Expires after `REST_KNOX["TOKEN_TTL"]`; revoking deletes the row (the audit log keeps the
    fact)."""

    name: models.CharField[str, str] = models.CharField(_("name"), max_length=100, blank=True)
    last_used_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        _("last used"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    APPROVED = "approved", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")


class RoleGrant(models.Model):
    """A change of someone's role or scope. Roles that see secret addresses or person data need a second
    administrator's approval (four eyes); other changes are applied at once and kept here as history."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        constraints = [
            # One open request per person: a second would race the first.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_grant_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.role}"

    @property
    def role_label(self) -> str:
        return role_label(self.role)
