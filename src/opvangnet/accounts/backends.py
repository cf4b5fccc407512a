"""Authentication backend that grants each user the permissions of their role (see `roles.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from opvangnet.accounts.roles import permissions_for_role


class RoleBackend(ModelBackend):
    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        permissions = set(super().get_group_permissions(user_obj, obj))
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            permissions |= permissions_for_role(getattr(user_obj, "role", ""))
        return permissions
