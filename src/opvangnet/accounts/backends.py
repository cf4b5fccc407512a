"""Authentication backend that grants each user exactly the permissions of their role (see `roles.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from opvangnet.accounts.roles import permissions_for_role


class RoleBackend(ModelBackend):
    """The role is the one source of permissions: Django's per-user permissions and groups are not read.

    Nothing in Opvangnet assigns those and the admin cannot edit them; reading them would cost two queries on
    every page (see docs/decisions.md).
    """

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(permissions_for_role(getattr(user_obj, "role", "")))
