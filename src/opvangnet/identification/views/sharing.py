"""The IND's pages: running assessments of people who consented, and the opinions sent with consent."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render

from opvangnet.identification import services
from opvangnet.identification.access import get_ind_application, get_ind_transmission, require_any
from opvangnet.identification.models import Application, IndTransmission, ReflectionPeriod
from opvangnet.identification.views.common import PAGE_SIZE, AuthedRequest

IND = "identification.view_ind_status"


@login_required
def ind_overview(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, IND)
    applications = Application.objects.for_ind(request.user).prefetch_related(
        Prefetch("reflection_periods", queryset=ReflectionPeriod.objects.order_by("starts_on"))
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(application, services.ind_status_label(application)) for application in page]
    transmissions = IndTransmission.objects.visible_to(request.user)[:PAGE_SIZE]
    return render(
        request,
        "identification/ind_overview.html",
        {"page": page, "rows": rows, "transmissions": transmissions},
    )


@login_required
def ind_application(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_ind_application(request.user, pk)
    context = {
        "application": application,
        "status": services.ind_status_label(application),
        "reflection_periods": application.reflection_periods.all(),
        "identifiers": services.ind_identifiers(request.user, application),
        "transmissions": IndTransmission.objects.visible_to(request.user).filter(
            case__application=application
        ),
    }
    return render(request, "identification/ind_application.html", context)


@login_required
def ind_transmission_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    transmission = get_ind_transmission(request.user, pk)
    content = services.read_ind_record(request.user, transmission)
    response = HttpResponse(services.ind_report_pdf(content), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{content["reference"]}-ind-{transmission.pk}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def ind_transmission_record(request: AuthedRequest, pk: int) -> HttpResponse:
    transmission = get_ind_transmission(request.user, pk)
    content = services.read_ind_record(request.user, transmission)
    response = HttpResponse(
        json.dumps(content, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    return response
