"""Who sees which identification rows: one function per model, reached through `<Model>.objects.visible_to`.

(Kept in this app for now; it belongs with the other rules in `accounts/scoping.py`.)

- Referrals: the case manager (`identification.manage_cases`) sees all; an assessor those of the cases on
  whose panels they sit; a referrer (`identification.refer`) the referrals they entered and those of their own
  organisation — and of those only the status, never person data or reasons (the views decide the fields).
- Cases: the case manager and the members of any of the case's panels. Referrers, the IND, policy makers and
  the administrator never open a case.
- IND notifications: only `identification.view_ind_outcomes`.
- Consultations: the asker's own; all for those who answer them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

Q_T = TypeVar("Q_T", bound=QuerySet[Any])


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def referrals_for(user: Viewer, queryset: Q_T) -> Q_T:
    if not _active(user):
        return queryset.none()
    if user.has_perm("identification.manage_cases"):
        return queryset
    condition = Q(pk__in=[])
    if user.has_perm("identification.assess"):
        condition |= Q(case__panels__members__assessor=user)
    if user.has_perm("identification.refer"):
        condition |= Q(created_by=user)
        organisation_id = getattr(user, "organisation_id", None)
        if organisation_id:
            condition |= Q(referrer_organisation_id=organisation_id)
    return queryset.filter(condition).distinct()


def cases_for(user: Viewer, queryset: Q_T) -> Q_T:
    if not _active(user):
        return queryset.none()
    if user.has_perm("identification.manage_cases"):
        return queryset
    if user.has_perm("identification.assess"):
        return queryset.filter(panels__members__assessor=user).distinct()
    return queryset.none()


def can_see_person_data(user: Viewer, case: Any) -> bool:
    """The case manager and the case's assessors (any of its panels); nobody else, not even the referrer."""
    if not _active(user):
        return False
    if user.has_perm("identification.manage_cases"):
        return True
    return bool(
        user.has_perm("identification.assess") and case.panels.filter(members__assessor=user).exists()
    )


def ind_notifications_for(user: Viewer, queryset: Q_T) -> Q_T:
    if _active(user) and user.has_perm("identification.view_ind_outcomes"):
        return queryset
    return queryset.none()


def consultations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if not _active(user):
        return queryset.none()
    if user.has_perm("identification.answer_consultation"):
        return queryset
    if user.has_perm("identification.ask_consultation"):
        return queryset.filter(asked_by=user)
    return queryset.none()
