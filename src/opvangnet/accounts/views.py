from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.authtoken.models import Token

from opvangnet.accounts.home import ROLE_INTRODUCTIONS, tasks_for
from opvangnet.accounts.models import User
from opvangnet.audit.services import record


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: a public introduction, or what the signed-in user's role can do here."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/home_public.html")
    role = getattr(user, "role", "")
    context = {"introduction": ROLE_INTRODUCTIONS.get(role, ""), "tasks": tasks_for(role)}
    return render(request, "accounts/home.html", context)


@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    """A provider's token for its own systems: shown once when made; making a new one revokes the old."""
    user = request.user
    if not isinstance(user, User) or not user.has_perm("capacity.manage_own_offers"):
        raise PermissionDenied
    new_key = None
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            new_key = Token.objects.create(user=user).key
            record(user, "accounts.api_token_created", user)  # never the key itself
    has_token = Token.objects.filter(user=user).exists()
    return render(request, "accounts/api_token.html", {"new_key": new_key, "has_token": has_token})
