"""Turn a missing or wrong field key into a readable answer on the one page that needed person data.

Lists and reports never decrypt, so they keep working; a page that must decrypt answers 503 with an
explanation for the user and a log line for operations, instead of a crash with a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from opvangnet.identification.fields import FieldKeyError

logger = logging.getLogger(__name__)


class FieldKeyErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, FieldKeyError):
            return None
        logger.error("identification field key: %s (%s)", exception, request.path)
        message = _(
            "Encrypted person data cannot be read now: the encryption key is missing or wrong. "
            "Nothing was changed. Ask the administrator to check OPVANGNET_FIELD_KEY."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=503)
        return render(request, "identification/key_error.html", {"message": message}, status=503)
