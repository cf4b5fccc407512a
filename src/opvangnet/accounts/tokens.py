"""API authentication: hashed, expiring tokens for providers' systems, and sessions past two factors."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from knox.auth import TokenAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from opvangnet.accounts.models import ApiToken

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer

# Writing the last use on every call would make each API call a write; once a minute tells enough.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token opv_…`: django-rest-knox compares SHA-512 digests and refuses expired tokens
    (401); this adds when the token was last used."""

    def validate_user(self, auth_token: Any) -> tuple[Any, Any]:
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USE_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts for the API only once its second factor is verified."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if settings.REQUIRE_SECOND_FACTOR and not _is_verified(request._request.user):
            return None
        return user, None


def _is_verified(user: Viewer) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
