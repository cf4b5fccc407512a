"""Access helpers, one per object type: a role without the permission gets 403, a row outside the user's
scope 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import require as require_any
from opvangnet.identification.models import Application, Case, Consultation, IndTransmission

APPLICATION_PERMISSIONS = (
    "identification.submit_application",
    "identification.manage_cases",
    "identification.assess",
)
CASE_PERMISSIONS = ("identification.manage_cases", "identification.assess")
CONSULTATION_PERMISSIONS = ("identification.ask_consultation", "identification.answer_consultation")


def get_application_for_user(user: User, pk: int, *, permission: str | None = None) -> Application:
    """An application the user may see; with `permission`, one they may also act on (else 403)."""
    require_any(user, *APPLICATION_PERMISSIONS, *([permission] if permission else []))
    application = get_object_or_404(Application.objects.visible_to(user), pk=pk)
    if permission is not None:
        require_any(user, permission)
    return application


def get_case_for_user(user: User, pk: int, *, permission: str | None = None) -> Case:
    require_any(user, *CASE_PERMISSIONS)
    case = get_object_or_404(Case.objects.visible_to(user), pk=pk)
    if permission is not None:
        require_any(user, permission)
    return case


def get_ind_application(user: User, pk: int) -> Application:
    require_any(user, "identification.view_ind_status")
    return get_object_or_404(Application.objects.for_ind(user), pk=pk)


def get_ind_transmission(user: User, pk: int) -> IndTransmission:
    require_any(user, "identification.view_ind_status")
    return get_object_or_404(IndTransmission.objects.visible_to(user), pk=pk)


def get_consultation_for_user(user: User, pk: int) -> Consultation:
    require_any(user, *CONSULTATION_PERMISSIONS)
    return get_object_or_404(Consultation.objects.visible_to(user), pk=pk)
