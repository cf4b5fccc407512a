"""The number of unread notices in the header, for the users who get notices (coordinators, providers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from opvangnet.placement.notifications import unread_count


def notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not (user.has_perm("placement.request_placement") or user.has_perm("placement.answer_proposals")):
        return {}
    return {"unread_notices": unread_count(user)}
