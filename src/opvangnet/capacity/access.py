"""One access helper per object type: 404 for what the user may not see, 403 for what they may only read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opvangnet.accounts.scoping import can_edit_offer
from opvangnet.capacity.models import Offer

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


def get_offer_for_user(user: Viewer, pk: int, *, write: bool = False) -> Offer:
    offer = Offer.objects.visible_to(user).filter(pk=pk).first()
    if offer is None:
        raise Http404("No such offer.")
    if write and not can_edit_offer(user, offer):
        raise PermissionDenied("You may not change this offer.")
    return offer
