"""Pages about the person's application: the list, submitting one, its status, consents, representatives,
the reflection period, age, withdrawal, forming the committee and the access-request export."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.accounts.scoping import can_see_outcome
from opvangnet.core.forms import add_service_errors
from opvangnet.identification import services
from opvangnet.identification.access import APPLICATION_PERMISSIONS, get_application_for_user, require_any
from opvangnet.identification.forms import (
    AgeForm,
    ApplicationForm,
    CommitteeForm,
    ConsentForm,
    ExportForm,
    PersonForm,
    ReflectionPeriodForm,
    RepresentativeForm,
    WithdrawConsentForm,
    WithdrawForm,
)
from opvangnet.identification.models import Application, OpinionKind
from opvangnet.identification.views.common import (
    PAGE_SIZE,
    AuthedRequest,
    application_url,
    form_page,
    run_form_service,
)

MANAGE = "identification.manage_cases"


@login_required
def application_list(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, *APPLICATION_PERMISSIONS)
    page = Paginator(Application.objects.visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "identification/application_list.html", {"page": page})


@login_required
def application_create(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, "identification.submit_application")
    form = ApplicationForm(
        request.POST or None,
        applicant_kinds=services.allowed_applicant_kinds(request.user),
        referrer_kinds=services.allowed_referrer_kinds(request.user),
        prefix="application",
    )
    person_form = PersonForm(request.POST or None, prefix="person")
    if request.method == "POST" and form.is_valid() and person_form.is_valid():
        try:
            application = services.submit_application(request.user, form.to_input(), person_form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application %(ref)s recorded.") % {"ref": application.reference})
            return redirect("identification:application", pk=application.pk)
    return render(request, "identification/application_form.html", {"form": form, "person_form": person_form})


@login_required
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    case = application.case_or_none()
    manager = request.user.has_perm(MANAGE)
    outcome = None
    if case is not None and can_see_outcome(request.user, application):
        outcome = case.latest_opinion(OpinionKind.FINAL)
    context = {
        "application": application,
        "case": case,
        "manager": manager,
        "outcome": outcome,
        "may_record_reflection": request.user.has_perm("identification.record_reflection_period"),
        "may_open_case": case is not None
        and (manager or services.membership(case, request.user) is not None),
        "consents": application.consents.select_related("recorded_by") if manager else [],
        "representatives": application.representatives.without_encrypted() if manager else [],
        "reflection_periods": application.reflection_periods.all(),
        "may_export": request.user.has_perm("identification.export_person_data"),
    }
    return render(request, "identification/application_detail.html", context)


@login_required
def form_committee(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    form = CommitteeForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.form_committee(request.user, application, form.seats()),
        _("The committee has been formed; the assessment has started."),
        application_url(application.pk),
    )
    title = _("Form the committee for %(ref)s") % {"ref": application.reference}
    intro = _(
        "A chair and at least two members, each of another discipline. Nobody from the referring "
        "organisation or the person's shelter can sit on it."
    )
    return done or form_page(request, title, form, application_url(application.pk), intro=intro)


@login_required
def consent_create(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    form = ConsentForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.record_consent(request.user, application, form.to_input()),
        _("The consent has been recorded."),
        application_url(application.pk),
    )
    title = _("Record a consent for %(ref)s") % {"ref": application.reference}
    return done or form_page(request, title, form, application_url(application.pk))


@login_required
def consent_withdraw(request: AuthedRequest, pk: int, consent_pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    consent = get_object_or_404(application.consents, pk=consent_pk)
    form = WithdrawConsentForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    done = run_form_service(
        request,
        form,
        lambda: services.withdraw_consent(request.user, consent, form.cleaned_data["withdrawn_on"]),
        _("The withdrawal has been recorded."),
        application_url(application.pk),
    )
    title = _("Withdrawal of consent: %(purpose)s") % {"purpose": consent.get_purpose_display()}
    return done or form_page(request, title, form, application_url(application.pk))


@login_required
def representative_create(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    form = RepresentativeForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.add_representative(request.user, application, form.to_input()),
        _("The representative has been recorded."),
        application_url(application.pk),
    )
    title = _("Add a lawyer, interpreter or guardian for %(ref)s") % {"ref": application.reference}
    return done or form_page(request, title, form, application_url(application.pk))


@login_required
@require_POST
def representative_end(request: AuthedRequest, pk: int, representative_pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    representative = get_object_or_404(application.representatives.without_encrypted(), pk=representative_pk)
    services.end_representative(request.user, representative)
    messages.success(request, _("The representative no longer acts for the person."))
    return redirect("identification:application", pk=application.pk)


@login_required
def reflection_period_create(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(
        request.user, pk, permission="identification.record_reflection_period"
    )
    form = ReflectionPeriodForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.record_reflection_period(request.user, application, **form.cleaned_data),
        _("The reflection period has been recorded."),
        application_url(application.pk),
    )
    title = _("Reflection period granted by police or KMar for %(ref)s") % {"ref": application.reference}
    intro = _(
        "Police and KMar grant the reflection period; the committee never does. Record who, when and until."
    )
    return done or form_page(request, title, form, application_url(application.pk), intro=intro)


@login_required
def age_determination(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    form = AgeForm(request.POST or None, initial={"new_status": application.age_status})
    done = run_form_service(
        request,
        form,
        lambda: services.determine_age(request.user, application, **form.cleaned_data),
        _("The age has been recorded."),
        application_url(application.pk),
    )
    title = _("Age of the person (%(ref)s)") % {"ref": application.reference}
    intro = _(
        "When the age is disputed the person is treated as a minor, with a guardian, until it is settled, "
        "for example by an age assessment."
    )
    return done or form_page(request, title, form, application_url(application.pk), intro=intro)


@login_required
def application_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission=MANAGE)
    form = WithdrawForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.withdraw_application(request.user, application, form.cleaned_data["reason"]),
        _("The withdrawal has been recorded."),
        application_url(application.pk),
    )
    title = _("The person withdraws application %(ref)s") % {"ref": application.reference}
    return done or form_page(request, title, form, application_url(application.pk))


@login_required
def access_request_export(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, permission="identification.export_person_data")
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        content = services.export_for_access_request(request.user, application, form.cleaned_data["reason"])
        response = HttpResponse(
            json.dumps(content, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="inzage-{application.reference}.json"'
        response["Cache-Control"] = "no-store"
        return response
    title = _("Everything held about the person of %(ref)s (access request)") % {"ref": application.reference}
    intro = _("The export holds every record about this person and nothing of anyone else; it is recorded.")
    return form_page(request, title, form, application_url(application.pk), intro=intro)
