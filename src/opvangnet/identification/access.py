"""Access helpers: a role without the permission gets 403, a row outside the user's scope 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from opvangnet.identification.models import Case, Consultation, Referral

REFERRAL_PERMISSIONS = ("identification.refer", "identification.manage_cases", "identification.assess")
CASE_PERMISSIONS = ("identification.manage_cases", "identification.assess")
CONSULTATION_PERMISSIONS = ("identification.ask_consultation", "identification.answer_consultation")


def require_any(user: Any, permissions: tuple[str, ...]) -> None:
    if not any(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def get_referral_for_user(user: Any, pk: int) -> Referral:
    require_any(user, REFERRAL_PERMISSIONS)
    return get_object_or_404(Referral.objects.visible_to(user), pk=pk)


def get_case_for_user(user: Any, pk: int) -> Case:
    require_any(user, CASE_PERMISSIONS)
    return get_object_or_404(Case.objects.visible_to(user), pk=pk)


def get_consultation_for_user(user: Any, pk: int) -> Consultation:
    require_any(user, CONSULTATION_PERMISSIONS)
    return get_object_or_404(Consultation.objects.visible_to(user), pk=pk)
