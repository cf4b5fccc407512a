"""API plumbing that keeps every bad request a readable 4xx: bounded pages, a JSON parser that survives any
nesting, and a lookup pattern that sends non-numeric ids to 404 before a view sees them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request

# Route pattern for integer primary keys: `abc` is an unknown address (404), never a crash in `int()`.
# Eighteen digits keep every matching id inside a 64-bit integer.
NUMERIC_ID = "[0-9]{1,18}"


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=` and `?offset=` as usual, but a page never holds more than MAX_LIMIT rows."""

    max_limit = 500

    def get_offset(self, request: Request) -> int:
        # An offset past any table, however large the number sent: the database need not count that far.
        return min(super().get_offset(request), 10**9)


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, but absurdly deep nesting (`[[[[...`) is a 400 instead of a RecursionError."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
