"""Linking a case to the same person's placement request: by the case manager, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opvangnet.audit.services import record
from opvangnet.identification.models import Case, PlacementLink
from opvangnet.placement.links import CaseSummary
from opvangnet.placement.models import PlacementRequest

if TYPE_CHECKING:
    from opvangnet.accounts.models import User


def link_placement_request(actor: User, case: Case, client_code: str) -> PlacementLink:
    """Link `case` to the placement request with this client code. One case per request; audited with ids
    only. The placement side then sees "linked to a victim-status case" and the case's stage, no more."""
    if not actor.has_perm("identification.manage_cases"):
        raise PermissionDenied
    placement = PlacementRequest.objects.filter(client_code=client_code.strip().upper()).first()
    if placement is None:
        raise ValidationError({"client_code": _("No placement request has this client code.")})
    with transaction.atomic():
        existing = PlacementLink.objects.select_for_update().filter(placement_request=placement).first()
        if existing is not None:
            if existing.case_id == case.pk:
                return existing
            raise ValidationError(
                {"client_code": _("This placement request is already linked to another case.")}
            )
        link = PlacementLink.objects.create(case=case, placement_request=placement, linked_by=actor)
        record(actor, "identification.placement_linked", case, details={"placement_request": placement.pk})
    return link


def case_summary(placement: Any) -> CaseSummary | None:
    """What placement may know of the linked case (registered with `placement.links`)."""
    link = PlacementLink.objects.filter(placement_request_id=placement.pk).select_related("case").first()
    if link is None:
        return None
    return CaseSummary(status=str(link.case.get_state_display()))
