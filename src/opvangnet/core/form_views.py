"""Pages declared instead of written: a form that changes one object through one service, and a button that
does the same without a form.

Many pages take the same steps in the same order; they are written here once, so that a page declares only
what is its own: which object, which form, which service, which words. The order matters for access: the
object is loaded first, through the app's access helper, so that a user who may not see it gets 404 and one
who may not act on it 403 before any form is built or any service called.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from opvangnet.core.forms import add_service_errors

# The user model that the loader and the service name; the project has one, so the signed-in user is one.
ActorT = TypeVar("ActorT", bound=AbstractBaseUser)
ObjectT = TypeVar("ObjectT")
FormT = TypeVar("FormT", bound=BaseForm)
P = ParamSpec("P")

ViewFunction = Callable[..., HttpResponse]


def run_form_service(
    request: HttpRequest, form: BaseForm, action: Callable[[], object], success: StrOrPromise, target: str
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


def run_service(
    request: HttpRequest, action: Callable[[], object], success: StrOrPromise | None = None
) -> bool:
    """Call `action()`; show its refusal (a ValidationError) as an error message, else `success` if given.
    True when it went through."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True


def post_service(
    request: HttpRequest, action: Callable[[], object], success: StrOrPromise, target: str
) -> HttpResponse:
    """For a button without a form: call `action()`, show its error or the success message, redirect."""
    run_service(request, action, success)
    return redirect(target)


def _actor(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in user behind `login_required` (a stranger never gets here; should one, 403)."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def _no_extras(_obj: object) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True, kw_only=True)
class FormStep(Generic[ActorT, P, ObjectT, FormT]):
    """A page with one form that changes one object through one service.

    GET shows the form. An invalid POST shows it again with its errors and calls nothing. A valid POST calls
    `service(actor, object, form)`: a ValidationError it raises shows on the form (the page again, status
    200); otherwise the page adds `success` as a message and redirects to `back(object)`.

    A step is declared when its module loads, before any language is active: give `success` and `intro`
    as `gettext_lazy(...)`; `title` is a function, called on each request, so plain `gettext` serves there.
    """

    load: Callable[Concatenate[ActorT, P], ObjectT]
    """The object, from the signed-in user and the URL's arguments (named as in the URL pattern); raises
    Http404 or PermissionDenied."""
    form: type[FormT]
    service: Callable[[ActorT, ObjectT, FormT], object]
    success: StrOrPromise
    title: Callable[[ObjectT], StrOrPromise]
    back: Callable[[ObjectT], str]
    template: str
    intro: StrOrPromise = ""
    form_kwargs: Callable[[ObjectT], Mapping[str, Any]] = field(default=_no_extras)
    """Arguments of the form besides its data (initial values, choices that depend on the object)."""
    context: Callable[[ObjectT], Mapping[str, Any]] = field(default=_no_extras)
    """What else the template shows, besides title, intro, form and back."""

    def as_view(self) -> ViewFunction:
        @login_required
        def view(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            actor = cast(ActorT, _actor(request))
            obj = self.load(actor, *args, **kwargs)
            form = self.form(request.POST or None, **self.form_kwargs(obj))
            done = run_form_service(
                request, form, lambda: self.service(actor, obj, form), self.success, self.back(obj)
            )
            if done is not None:
                return done
            context = {
                "title": self.title(obj),
                "intro": self.intro,
                "form": form,
                "back": self.back(obj),
                **self.context(obj),
            }
            return render(request, self.template, context)

        return view


@dataclass(frozen=True, kw_only=True)
class ButtonStep(Generic[ActorT, P, ObjectT]):
    """A button (a POST without a form) that changes one object through one service.

    Only POST is answered (405 otherwise). `service(actor, object)` is called: a ValidationError it raises
    shows as an error message, else `success` does; either way the page redirects to `back(object)`.
    """

    load: Callable[Concatenate[ActorT, P], ObjectT]
    """The object, from the signed-in user and the URL's arguments; raises Http404 or PermissionDenied."""
    service: Callable[[ActorT, ObjectT], object]
    success: StrOrPromise
    back: Callable[[ObjectT], str]

    def as_view(self) -> ViewFunction:
        @login_required
        @require_POST
        def view(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            actor = cast(ActorT, _actor(request))
            obj = self.load(actor, *args, **kwargs)
            return post_service(request, lambda: self.service(actor, obj), self.success, self.back(obj))

        return view
