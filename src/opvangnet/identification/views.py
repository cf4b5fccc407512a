"""Pages for victim-status determination. Each view: access helper, form, one service, redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.accounts.scoping import can_see_person_data
from opvangnet.core.forms import add_service_errors, error_text
from opvangnet.identification import queries, services
from opvangnet.identification.access import (
    CASE_PERMISSIONS,
    CONSULTATION_PERMISSIONS,
    REFERRAL_PERMISSIONS,
    get_case_for_user,
    get_consultation_for_user,
    get_referral_for_user,
    require_any,
)
from opvangnet.identification.forms import (
    AnswerForm,
    AssessmentForm,
    AttachmentForm,
    ConsultationForm,
    DecisionForm,
    PanelForm,
    PersonForm,
    ReasonForm,
    ReconsiderationForm,
    ReferralForm,
    ReportForm,
    WithdrawForm,
)
from opvangnet.identification.models import (
    Case,
    CaseState,
    Consultation,
    IndNotification,
    PanelMember,
    Referral,
)

PAGE_SIZE = 50


def _simple_form(request: HttpRequest, title: str, form: Form, back: str, **extra: Any) -> HttpResponse:
    context = {"title": title, "form": form, "back": back, **extra}
    return render(request, "identification/simple_form.html", context)


# --- referrals ----------------------------------------------------------------------------------------------


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, REFERRAL_PERMISSIONS)
    page = Paginator(Referral.objects.visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "identification/referral_list.html", {"page": page})


@login_required
def referral_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ("identification.refer",))
    kinds = services.allowed_referrer_kinds(request.user)
    form = ReferralForm(request.POST or None, kinds=kinds, prefix="referral")
    person_form = PersonForm(request.POST or None, prefix="person")
    if request.method == "POST" and form.is_valid() and person_form.is_valid():
        try:
            referral = services.refer(request.user, form.to_input(), person_form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referral %(ref)s recorded.") % {"ref": referral.reference})
            return redirect("identification:referral", pk=referral.pk)
    return render(request, "identification/referral_form.html", {"form": form, "person_form": person_form})


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    case = referral.case_or_none()
    context = {
        "referral": referral,
        "case": case,
        "decisions": list(case.decisions.order_by("decided_at", "pk")) if case else [],
        "may_open": request.user.has_perm("identification.manage_cases") and case is None,
        "may_reconsider": case is not None
        and case.state == CaseState.CLOSED
        and services.may_request_reconsideration(referral, request.user),
        "may_open_case": case is not None
        and Case.objects.visible_to(request.user).filter(pk=case.pk).exists(),
    }
    return render(request, "identification/referral_detail.html", context)


@login_required
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request.user, ("identification.manage_cases",))
    referral = get_referral_for_user(request.user, pk)
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(referral, request.user, form.members())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case opened and panel formed."))
            return redirect("identification:case", pk=case.pk)
    title = _("Open a case for %(ref)s") % {"ref": referral.reference}
    return _simple_form(request, title, form, referral_url(referral))


def referral_url(referral: Referral) -> str:
    return reverse("identification:referral", args=[referral.pk])


@login_required
def reconsideration_request(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    if not services.may_request_reconsideration(referral, request.user):
        raise PermissionDenied
    for_person = request.user.has_perm("identification.manage_cases")
    form = ReconsiderationForm(request.POST or None, may_act_for_person=for_person)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_reconsideration(
                referral,
                request.user,
                grounds=form.cleaned_data["grounds"],
                on_behalf_of_person=form.cleaned_data.get("on_behalf_of_person", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reconsideration requested."))
            return redirect("identification:referral", pk=referral.pk)
    title = _("Request reconsideration of %(ref)s") % {"ref": referral.reference}
    return _simple_form(request, title, form, referral_url(referral))


# --- cases --------------------------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CASE_PERMISSIONS)
    page = Paginator(Case.objects.visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "identification/case_list.html", {"page": page})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CASE_PERMISSIONS)
    cases = Case.objects.visible_to(request.user)
    context = {
        "rows": queries.deadline_dashboard(cases),
        "reflection_ended": queries.reflection_ended(cases),
        "waiting": Referral.objects.visible_to(request.user).filter(case__isnull=True)
        if request.user.has_perm("identification.manage_cases")
        else [],
    }
    return render(request, "identification/dashboard.html", context)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    user = request.user
    panels = [
        (panel, services.visible_assessments(panel, user), panel.members.select_related("assessor"))
        for panel in case.panels.select_related("reconsideration").order_by("pk")
    ]
    seat = services.membership(case, user)
    current = case.current_panel()
    assessing = case.state in (CaseState.FIRST_STAGE, CaseState.FINAL_STAGE)
    context = {
        "case": case,
        "referral": case.referral,
        "panels": panels,
        "decisions": case.decisions.order_by("decided_at", "pk"),
        "reconsiderations": case.reconsiderations.select_related("decision", "new_decision"),
        "seat": seat,
        "may_assess": assessing and seat is not None and not hasattr(seat, "assessment"),
        "may_decide": assessing and seat is not None and current is not None and current.is_complete(),
        "may_manage": user.has_perm("identification.manage_cases"),
        "may_see_person": can_see_person_data(user, case),
    }
    return render(request, "identification/case_detail.html", context)


@login_required
def person_data(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_see_person_data(request.user, case):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    person = None
    if request.method == "POST" and form.is_valid():
        person = services.view_person_data(case, request.user, form.cleaned_data["reason"])
    shown = person is not None or (form.is_bound and form.is_valid())
    context = {
        "case": case,
        "form": form,
        "person": person,
        "shown": shown,
        "reason": form.cleaned_data["reason"] if shown else "",
        # Only names and dates are listed here; the files themselves open one at a time, each audited.
        "attachments": case.referral.attachments.select_related("uploaded_by") if shown else [],
        "upload_form": AttachmentForm(),
    }
    return render(request, "identification/person_data.html", context)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(case.referral, request.user, upload.name, upload.read())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file has been stored, encrypted."))
    else:
        messages.error(request, error_text(form))
    return redirect("identification:person", pk=case.pk)


@login_required
@require_POST
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    attachment = get_object_or_404(case.referral.attachments, pk=attachment_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need to see the person data."))
        return redirect("identification:person", pk=case.pk)
    content = services.read_attachment(attachment, request.user, form.cleaned_data["reason"])
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{attachment.pk}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if services.membership(case, request.user) is None:
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, indicators=services.indicators_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(
                case,
                request.user,
                view=form.cleaned_data["view"],
                opinion=form.cleaned_data["opinion"],
                answers=form.answers(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your assessment has been recorded."))
            return redirect("identification:case", pk=case.pk)
    return render(request, "identification/assessment_form.html", {"case": case, "form": form})


@login_required
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if services.membership(case, request.user) is None:
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_case(case, request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The joint decision has been recorded."))
            return redirect("identification:case", pk=case.pk)
    title = _("Joint decision for %(ref)s") % {"ref": case.reference}
    return _simple_form(request, title, form, _case_url(case))


def _case_url(case: Case) -> str:
    return reverse("identification:case", args=[case.pk])


@login_required
@require_POST
def final_stage(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    try:
        services.start_final_stage(case, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The final stage has started."))
    return redirect("identification:case", pk=case.pk)


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    require_any(request.user, ("identification.manage_cases",))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_case(case, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("identification:case", pk=case.pk)
    return _simple_form(request, _("Withdraw %(ref)s") % {"ref": case.reference}, form, _case_url(case))


@login_required
def reconsideration_panel(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    require_any(request.user, ("identification.manage_cases",))
    earlier = PanelMember.objects.filter(panel__case=case).values_list("assessor_id", flat=True)
    form = PanelForm(request.POST or None, exclude=earlier)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_reconsideration_panel(case, request.user, form.members())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The new panel has been formed."))
            return redirect("identification:case", pk=case.pk)
    title = _("New panel for the reconsideration of %(ref)s") % {"ref": case.reference}
    return _simple_form(request, title, form, _case_url(case))


# --- IND, reports, consultations ----------------------------------------------------------------------------


@login_required
def ind_outcomes(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ("identification.view_ind_outcomes",))
    notifications = IndNotification.objects.visible_to(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "identification/ind_outcomes.html", {"page": page})


@login_required
def report(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ("identification.view_reports",))
    form = ReportForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.year_or_current()
    hide = not request.user.has_perm("identification.view_unsuppressed_reports")
    context = {"form": form, "report": queries.identification_report(year, hide_small_cells=hide)}
    return render(request, "identification/report.html", context)


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CONSULTATION_PERMISSIONS)
    page = Paginator(Consultation.objects.visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "may_ask": request.user.has_perm("identification.ask_consultation")}
    return render(request, "identification/consultation_list.html", context)


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ("identification.ask_consultation",))
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consultation = services.ask_consultation(request.user, **form.cleaned_data)
        messages.success(request, _("Your request for advice has been sent."))
        return redirect("identification:consultation", pk=consultation.pk)
    return _simple_form(request, _("Ask for anonymous advice"), form, reverse("identification:consultations"))


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request.user, pk)
    may_answer = (
        request.user.has_perm("identification.answer_consultation") and consultation.answered_at is None
    )
    form = AnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.answer_consultation(consultation, request.user, answer=form.cleaned_data["answer"])
            return redirect("identification:consultation", pk=consultation.pk)
    context = {"consultation": get_object_or_404(Consultation, pk=consultation.pk), "form": form}
    return render(request, "identification/consultation_detail.html", context)
