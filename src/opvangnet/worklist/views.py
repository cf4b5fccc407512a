"""The start page: for a visitor an introduction, for a signed-in user the work list of their role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opvangnet.accounts.home import ROLE_INTRODUCTIONS, tasks_for
from opvangnet.worklist.items import work_list


def home(request: HttpRequest) -> HttpResponse:
    """The work list of the user's role (overdue first) with the role's pages beside it."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/home_public.html")
    role = getattr(user, "role", "")
    sections = work_list(user)
    context = {
        "introduction": ROLE_INTRODUCTIONS.get(role, ""),
        "tasks": [task for task in tasks_for(role) if task.url_name],
        "sections": sections,
        "overdue": sum(section.overdue for section in sections),
    }
    return render(request, "worklist/home.html", context)
