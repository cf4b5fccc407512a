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
from django.utils.translation import gettext_lazy

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import can_see_outcome
from opvangnet.core.form_views import ButtonStep, FormStep
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
from opvangnet.identification.models import Application, Consent, OpinionKind, Representative
from opvangnet.identification.views.common import (
    FORM_PAGE,
    MANAGE,
    PAGE_SIZE,
    AuthedRequest,
    application_url,
    form_page,
)


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


# The objects the steps act on, from the signed-in user and the URL's arguments (named as in urls.py): each
# through the application's access helper first, so 404 outside the user's scope and 403 without the right.


def _managed(user: User, pk: int) -> Application:
    return get_application_for_user(user, pk, permission=MANAGE)


def _for_reflection_period(user: User, pk: int) -> Application:
    return get_application_for_user(user, pk, permission="identification.record_reflection_period")


def _consent(user: User, pk: int, consent_pk: int) -> Consent:
    return get_object_or_404(_managed(user, pk).consents, pk=consent_pk)


def _representative(user: User, pk: int, representative_pk: int) -> Representative:
    return get_object_or_404(_managed(user, pk).representatives.without_encrypted(), pk=representative_pk)


form_committee = FormStep(
    load=_managed,
    form=CommitteeForm,
    service=lambda actor, application, form: services.form_committee(actor, application, form.seats()),
    success=gettext_lazy("The committee has been formed; the assessment has started."),
    title=lambda application: _("Form the committee for %(ref)s") % {"ref": application.reference},
    intro=gettext_lazy(
        "A chair and at least two members, each of another discipline. Nobody from the referring "
        "organisation or the person's shelter can sit on it."
    ),
    back=application_url,
    template=FORM_PAGE,
).as_view()

consent_create = FormStep(
    load=_managed,
    form=ConsentForm,
    service=lambda actor, application, form: services.record_consent(actor, application, form.to_input()),
    success=gettext_lazy("The consent has been recorded."),
    title=lambda application: _("Record a consent for %(ref)s") % {"ref": application.reference},
    back=application_url,
    template=FORM_PAGE,
).as_view()

consent_withdraw = FormStep(
    load=_consent,
    form=WithdrawConsentForm,
    form_kwargs=lambda consent: {"initial": {"withdrawn_on": timezone.localdate()}},
    service=lambda actor, consent, form: services.withdraw_consent(
        actor, consent, form.cleaned_data["withdrawn_on"]
    ),
    success=gettext_lazy("The withdrawal has been recorded."),
    title=lambda consent: (
        _("Withdrawal of consent: %(purpose)s") % {"purpose": consent.get_purpose_display()}
    ),
    back=lambda consent: application_url(consent.application),
    template=FORM_PAGE,
).as_view()

representative_create = FormStep(
    load=_managed,
    form=RepresentativeForm,
    service=lambda actor, application, form: services.add_representative(actor, application, form.to_input()),
    success=gettext_lazy("The representative has been recorded."),
    title=lambda application: (
        _("Add a lawyer, interpreter or guardian for %(ref)s") % {"ref": application.reference}
    ),
    back=application_url,
    template=FORM_PAGE,
).as_view()

representative_end = ButtonStep(
    load=_representative,
    service=services.end_representative,
    success=gettext_lazy("The representative no longer acts for the person."),
    back=lambda representative: application_url(representative.application),
).as_view()

reflection_period_create = FormStep(
    load=_for_reflection_period,
    form=ReflectionPeriodForm,
    service=lambda actor, application, form: services.record_reflection_period(
        actor, application, **form.cleaned_data
    ),
    success=gettext_lazy("The reflection period has been recorded."),
    title=lambda application: (
        _("Reflection period granted by police or KMar for %(ref)s") % {"ref": application.reference}
    ),
    intro=gettext_lazy(
        "Police and KMar grant the reflection period; the committee never does. Record who, when and until."
    ),
    back=application_url,
    template=FORM_PAGE,
).as_view()

age_determination = FormStep(
    load=_managed,
    form=AgeForm,
    form_kwargs=lambda application: {"initial": {"new_status": application.age_status}},
    service=lambda actor, application, form: services.determine_age(actor, application, **form.cleaned_data),
    success=gettext_lazy("The age has been recorded."),
    title=lambda application: _("Age of the person (%(ref)s)") % {"ref": application.reference},
    intro=gettext_lazy(
        "When the age is disputed the person is treated as a minor, with a guardian, until it is settled, "
        "for example by an age assessment."
    ),
    back=application_url,
    template=FORM_PAGE,
).as_view()

application_withdraw = FormStep(
    load=_managed,
    form=WithdrawForm,
    service=lambda actor, application, form: services.withdraw_application(
        actor, application, form.cleaned_data["reason"]
    ),
    success=gettext_lazy("The withdrawal has been recorded."),
    title=lambda application: _("The person withdraws application %(ref)s") % {"ref": application.reference},
    back=application_url,
    template=FORM_PAGE,
).as_view()


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
    return form_page(request, title, form, application_url(application), intro=intro)
