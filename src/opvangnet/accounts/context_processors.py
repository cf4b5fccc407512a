from typing import Any

from django.http import HttpRequest

from opvangnet.accounts.home import menu_for, tasks_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_tasks": [], "nav_groups": []}
    role = getattr(user, "role", "")
    return {"nav_tasks": tasks_for(role), "nav_groups": menu_for(role)}
