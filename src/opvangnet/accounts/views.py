from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opvangnet.accounts.home import ROLE_INTRODUCTIONS, tasks_for


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: a public introduction, or what the signed-in user's role can do here."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/home_public.html")
    role = getattr(user, "role", "")
    context = {"introduction": ROLE_INTRODUCTIONS.get(role, ""), "tasks": tasks_for(role)}
    return render(request, "accounts/home.html", context)
