"""Helpers shared by the identification pages (`AuthedRequest` re-exported for them)."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from opvangnet.accounts.http import AuthedRequest as AuthedRequest
from opvangnet.accounts.models import User
from opvangnet.identification.access import get_case_for_user
from opvangnet.identification.models import Application, Case

PAGE_SIZE = 50
MANAGE = "identification.manage_cases"
# The page of a FormStep: title, optional intro, fields, save and cancel.
FORM_PAGE = "identification/simple_form.html"


def form_page(request: HttpRequest, title: str, form: Form, back: str, **extra: Any) -> HttpResponse:
    """A page with one form: title, optional intro, fields, save and cancel."""
    return render(request, FORM_PAGE, {"title": title, "form": form, "back": back, **extra})


def case_url(case: Case) -> str:
    return reverse("identification:case", args=[case.pk])


def application_url(application: Application) -> str:
    return reverse("identification:application", args=[application.pk])


def managed_case(user: User, pk: int) -> Case:
    """A case the user may see and manage (404 outside their scope, 403 without the permission)."""
    return get_case_for_user(user, pk, permission=MANAGE)
