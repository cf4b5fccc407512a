from __future__ import annotations

import base64

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from opvangnet.accounts import services
from opvangnet.accounts.forms import CodeForm, DecisionForm, RoleChangeForm, TokenForm, UserSearchForm
from opvangnet.accounts.models import ApiToken, GrantStatus, RoleGrant, User
from opvangnet.audit.services import record
from opvangnet.core.forms import ReasonForm, add_service_errors

PAGE_SIZE = 50


# --- second factor -----------------------------------------------------------------------------------------


def _signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view behind `login_required`."""
    assert isinstance(request.user, User)
    return request.user


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe and target else reverse("worklist:home")


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app or a backup code."""
    user = request.user
    assert isinstance(user, User)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    if not services.has_second_factor(user):
        return redirect(f"{reverse('accounts:second_factor_setup')}?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = _matching_device(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            record(user, "accounts.second_factor_verified", user, details={"device": device.persistent_id})
            return redirect(_next_url(request))
        record(user, "accounts.second_factor_failed", user)
        form.add_error("code", _("This code is not right, or was used already. Try the next code."))
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


def _matching_device(user: User, code: str) -> Device | None:
    for device in django_otp.devices_for_user(user):
        verified = django_otp.verify_token(user, device.persistent_id, code.strip())
        if verified is not None:
            return verified
    return None


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """First login: link an authenticator app (QR code or key), confirm with one code, get backup codes."""
    user = request.user
    assert isinstance(user, User)
    if services.has_second_factor(user):
        return redirect("accounts:second_factor")
    device = services.start_totp_enrolment(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = services.confirm_totp_enrolment(user, device, form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            django_otp.login(request, TOTPDevice.objects.get(pk=device.pk))
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)})
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "key": _grouped(base64.b32encode(device.bin_key).decode()),
    }
    return render(request, "accounts/second_factor_setup.html", context)


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    codes = services.new_backup_codes(user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("worklist:home")})


# --- API tokens --------------------------------------------------------------------------------------------


@login_required
@permission_required("accounts.use_api_tokens", raise_exception=True)
def api_tokens(request: HttpRequest) -> HttpResponse:
    """A provider's tokens for its own systems: each key shown once when made, with expiry and last use."""
    user = request.user
    assert isinstance(user, User)
    form = TokenForm(request.POST or None)
    new_key = None
    if form.is_valid():
        new_key = services.create_api_token(user, name=form.cleaned_data["name"]).key
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=user).order_by("-created")
    return render(request, "accounts/api_tokens.html", {"form": form, "new_key": new_key, "tokens": tokens})


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, digest: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    token = get_object_or_404(ApiToken, digest=digest, user=user)
    services.revoke_api_token(user, token)
    messages.success(request, _("The token no longer works."))
    return redirect("accounts:api_tokens")


# --- user management (administrator) -----------------------------------------------------------------------


@login_required
@permission_required("accounts.change_user_role", raise_exception=True)
def users(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    people = User.objects.visible_to(request.user).order_by("username")
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        people = people.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = RoleGrant.objects.filter(status=GrantStatus.PENDING).select_related("user", "requested_by")
    return render(request, "accounts/users.html", {"form": form, "page": page, "pending": pending})


@login_required
@permission_required("accounts.change_user_role", raise_exception=True)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    context = {
        "person": person,
        "is_self": person.pk == request.user.pk,
        "role_form": RoleChangeForm(
            initial={
                "role": person.role,
                "region": person.region,
                "organisation": person.organisation,
                "municipality": person.municipality,
            }
        ),
        "reason_form": ReasonForm(),
        "grants": person.role_grants.select_related("requested_by", "decided_by", "region", "organisation"),
        "has_second_factor": services.has_second_factor(person),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@permission_required("accounts.change_user_role", raise_exception=True)
@require_POST
def change_role(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    form = RoleChangeForm(request.POST)
    if form.is_valid():
        try:
            grant = services.request_role_change(
                _signed_in(request), person, form.cleaned_data["role"], **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if grant.status == GrantStatus.PENDING:
                messages.info(request, _("Requested. A second administrator must approve this role."))
            else:
                messages.success(request, _("The role was changed."))
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/role_change.html", {"person": person, "form": form}, status=400)


@login_required
@permission_required("accounts.change_user_role", raise_exception=True)
@require_POST
def decide_role_change(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    grant = get_object_or_404(RoleGrant.objects.filter(user__in=User.objects.visible_to(request.user)), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid() or decision not in ("approve", "reject"):
        raise PermissionDenied
    try:
        if decision == "approve":
            services.approve_role_change(_signed_in(request), grant, note=form.cleaned_data["note"])
            messages.success(request, _("Approved: the role was changed."))
        else:
            services.reject_role_change(_signed_in(request), grant, note=form.cleaned_data["note"])
            messages.success(request, _("Rejected."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:users")


@login_required
@permission_required("accounts.reset_second_factor", raise_exception=True)
@require_POST
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, services.reset_second_factor, _("The second factor was reset."))


@login_required
@permission_required("accounts.unlock_login", raise_exception=True)
@require_POST
def unlock_login(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, services.unlock_login, _("Logging in is possible again."))


def _with_reason(request: HttpRequest, pk: int, service: object, done: str) -> HttpResponse:
    person = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            service(request.user, person, reason=form.cleaned_data["reason"])  # type: ignore[operator]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect("accounts:user_detail", pk=person.pk)
