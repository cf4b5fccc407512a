"""Access helpers: 404 for what the user may not see, 403 for what they may only look at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opvangnet.accounts.scoping import require as require
from opvangnet.placement.models import PlacementRequest, Proposal

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


def get_request_for_user(user: Viewer, pk: int, *, write: bool = False) -> PlacementRequest:
    placement = PlacementRequest.objects.visible_to(user).filter(pk=pk).first()
    if placement is None:
        raise Http404("No such placement request.")
    if write and not user.has_perm("placement.request_placement"):
        raise PermissionDenied("Only coordinators handle placement requests.")
    return placement


def get_proposal_for_provider(user: Viewer, pk: int) -> Proposal:
    proposal = Proposal.objects.for_provider(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal
