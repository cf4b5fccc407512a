from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

# Reachable with a password alone: the second-factor pages themselves, logging out, the language switch,
# and the API (which answers 401 itself: VerifiedSessionAuthentication ignores such a session).
_OPEN_PREFIXES = ("/second-factor/", "/logout/", "/i18n/", "/api/", "/static/", "/health")


class SecondFactorRequiredMiddleware:
    """Someone signed in with a password but without a second factor reaches only the second-factor pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_SECOND_FACTOR
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # installed by django-otp's middleware
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            target = reverse("accounts:second_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)
