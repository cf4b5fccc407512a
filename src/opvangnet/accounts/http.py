"""Requests whose user is signed in, typed so that views hand `request.user` to services as a `User`.

Only the type says so: `login_required` (pages) and `IsAuthenticated` (the API) are what keep anyone else out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    from opvangnet.accounts.models import User


class AuthedRequest(HttpRequest):
    """A page request behind `login_required`: its user is signed in."""

    user: User


if TYPE_CHECKING:

    class AuthedApiRequest(Request):
        """An API request behind `IsAuthenticated`: its user is signed in."""

        @property
        def user(self) -> User: ...
        @user.setter
        def user(self, value: User) -> None: ...

else:
    AuthedApiRequest = Request
