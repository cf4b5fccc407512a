"""Users of Opvangnet: one role each, scoped to a region or an organisation where the role needs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts import scoping

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer
from opvangnet.accounts.roles import ROLES_NEEDING_ORGANISATION, ROLES_NEEDING_REGION, Role


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: Viewer) -> UserQuerySet:
        """Users this user may see; see `accounts.scoping.users_for`."""
        return scoping.users_for(user, self).select_related("region", "organisation")


class OpvangnetUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: Viewer) -> UserQuerySet:
        return self.get_queryset().visible_to(user)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
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
        ]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.role in ROLES_NEEDING_REGION and self.region_id is None:
            errors["region"] = _("A care coordinator works for a region; choose one.")
        if self.role in ROLES_NEEDING_ORGANISATION and self.organisation_id is None:
            errors["organisation"] = _("This role works for an organisation; choose one.")
        if errors:
            raise ValidationError(errors)

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""
