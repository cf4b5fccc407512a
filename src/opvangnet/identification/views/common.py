"""Helpers shared by the identification pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from opvangnet.accounts.models import User
from opvangnet.core.forms import add_service_errors

PAGE_SIZE = 50


class AuthedRequest(HttpRequest):
    """A request behind `login_required`: its user is signed in."""

    user: User


def form_page(request: HttpRequest, title: str, form: Form, back: str, **extra: Any) -> HttpResponse:
    """A page with one form: title, optional intro, fields, save and cancel."""
    return render(
        request, "identification/simple_form.html", {"title": title, "form": form, "back": back, **extra}
    )


def case_url(pk: int) -> str:
    return reverse("identification:case", args=[pk])


def application_url(pk: int) -> str:
    return reverse("identification:application", args=[pk])


def run_form_service(
    request: HttpRequest, form: Form, action: Any, success: str, target: str
) -> HttpResponse | None:
    """Validate `form` on POST and call `action()`; on success add the message and redirect to `target`,
    on a service error put it on the form and return None (the caller renders the form again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(target)


def post_service(request: HttpRequest, action: Any, success: str, target: str) -> HttpResponse:
    """For a button without a form: call `action()`, show its error or the success message, redirect."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(target)
