"""Figures, the processing register, and anonymous advice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from opvangnet.identification import processing, queries, services
from opvangnet.identification.access import CONSULTATION_PERMISSIONS, get_consultation_for_user, require_any
from opvangnet.identification.forms import AnswerForm, ConsultationForm, ReportForm
from opvangnet.identification.models import Consultation
from opvangnet.identification.views.common import PAGE_SIZE, AuthedRequest, form_page


@login_required
def report(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, "identification.view_reports")
    form = ReportForm(request.GET or None)
    start, end = form.period()
    hide = not request.user.has_perm("identification.view_unsuppressed_reports")
    context = {"form": form, "report": queries.identification_report(start, end, hide_small_cells=hide)}
    return render(request, "identification/report.html", context)


@login_required
def processing_register(request: AuthedRequest) -> HttpResponse:
    """Which personal data the assessment processes, for what, on which lawful basis (any signed-in user)."""
    return render(request, "identification/processing.html", {"register": processing.REGISTER})


@login_required
def consultation_list(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, *CONSULTATION_PERMISSIONS)
    consultations = Consultation.objects.visible_to(request.user)
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "may_ask": request.user.has_perm("identification.ask_consultation")}
    return render(request, "identification/consultation_list.html", context)


@login_required
def consultation_create(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, "identification.ask_consultation")
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consultation = services.ask_consultation(request.user, **form.cleaned_data)
        messages.success(request, _("Your request for advice has been sent."))
        return redirect("identification:consultation", pk=consultation.pk)
    return form_page(request, _("Ask for anonymous advice"), form, reverse("identification:consultations"))


@login_required
def consultation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_user(request.user, pk)
    may_answer = (
        request.user.has_perm("identification.answer_consultation") and consultation.answered_at is None
    )
    form = AnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.answer_consultation(request.user, consultation, answer=form.cleaned_data["answer"])
            return redirect("identification:consultation", pk=consultation.pk)
    context = {"consultation": get_object_or_404(Consultation, pk=consultation.pk), "form": form}
    return render(request, "identification/consultation_detail.html", context)
