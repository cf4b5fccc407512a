"""The one place that decides which rows each user may see.

Every list and every detail, in pages and API alike, goes through `<Model>.objects.visible_to(user)`, which
delegates here. Rules:

- Regions and municipalities are public reference data.
- Active organisations and active locations are visible to everyone, including anonymous visitors (the
  public social map); inactive ones only to roles with `regions.view_inactive` and to their own organisation.
- A location's *address* is a separate question (`can_see_address`): a secret address only for roles that
  place people there (`regions.view_secret_address`) and for the location's own organisation; an ordinary
  address for roles with `regions.view_address`. Policy makers, IND officers, assessors and anonymous
  visitors see no addresses at all.
- Users: administrators and the national coordination centre see all; a provider sees its organisation's
  colleagues; a coordinator the coordinators of the same region; everybody else only themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from opvangnet.accounts.models import User
    from opvangnet.regions.models import Location

    # Whoever is looking: a signed-in user or an anonymous visitor of the public pages.
    Viewer: TypeAlias = User | AnonymousUser

Q_T = TypeVar("Q_T", bound=QuerySet[Any])


def _is_authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _organisation_id(user: Any) -> int | None:
    return getattr(user, "organisation_id", None) if _is_authenticated(user) else None


def regions_for(user: Viewer, queryset: Q_T) -> Q_T:
    return queryset


def organisations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if _is_authenticated(user) and user.has_perm("regions.view_inactive"):
        return queryset
    own = _organisation_id(user)
    condition = Q(active=True) | Q(pk=own) if own else Q(active=True)
    return queryset.filter(condition)


def locations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if _is_authenticated(user) and user.has_perm("regions.view_inactive"):
        return queryset
    own = _organisation_id(user)
    public = Q(active=True, organisation__active=True)
    return queryset.filter(public | Q(organisation_id=own) if own else public)


def can_see_address(user: Viewer, location: Location) -> bool:
    if not _is_authenticated(user):
        return False
    if location.organisation_id == _organisation_id(user):
        return True
    if location.secret_address:
        return user.has_perm("regions.view_secret_address")
    return user.has_perm("regions.view_address")


def users_for(user: Viewer, queryset: Q_T) -> Q_T:
    from opvangnet.accounts.roles import Role

    if not _is_authenticated(user):
        return queryset.none()
    if user.has_perm("accounts.view_user"):
        return queryset
    role = getattr(user, "role", "")
    organisation_id = getattr(user, "organisation_id", None)
    region_id = getattr(user, "region_id", None)
    if role == Role.PROVIDER and organisation_id:
        return queryset.filter(organisation_id=organisation_id)
    if role == Role.COORDINATOR and region_id:
        return queryset.filter(role=Role.COORDINATOR, region_id=region_id)
    return queryset.filter(pk=user.pk)
