"""The number of unread notices in the header, for the users who get notices (coordinators, providers)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from opvangnet.placement.notifications import unread_count


def notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": None}
    if not (user.has_perm("placement.request_placement") or user.has_perm("placement.answer_proposals")):
        return {"unread_notices": None}
    # A callable: the template calls it only where it shows the count, so an htmx partial costs no query.
    return {"unread_notices": partial(unread_count, user)}
