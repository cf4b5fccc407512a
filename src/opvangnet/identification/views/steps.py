"""Pages for the steps of an assessment: hearings, adjournments for more information, opinions, the person's
response, the letter with the reasons and the transmission to the IND."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.identification import services
from opvangnet.identification.access import get_case_for_user
from opvangnet.identification.forms import (
    AdjournForm,
    CancelHearingForm,
    DraftOpinionForm,
    HearingForm,
    InformationReceivedForm,
    MinutesForm,
    OpinionForm,
    ResponseForm,
)
from opvangnet.identification.models import (
    Case,
    ConsentPurpose,
    OpinionKind,
    RepresentativeKind,
    StandardOfProof,
)
from opvangnet.identification.views.common import (
    AuthedRequest,
    case_url,
    form_page,
    post_service,
    run_form_service,
)

MANAGE = "identification.manage_cases"


def _manager_or_chair(request: AuthedRequest, pk: int) -> Case:
    case = get_case_for_user(request.user, pk)
    if not (request.user.has_perm(MANAGE) or services.is_chair(case, request.user)):
        raise PermissionDenied
    return case


def _chair(request: AuthedRequest, pk: int) -> Case:
    case = get_case_for_user(request.user, pk)
    if not services.is_chair(case, request.user):
        raise PermissionDenied
    return case


@login_required
def hearing_plan(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    interpreters = case.application.representatives.current().filter(kind=RepresentativeKind.INTERPRETER)
    form = HearingForm(request.POST or None, interpreters=interpreters.without_encrypted())
    done = run_form_service(
        request,
        form,
        lambda: services.plan_hearing(request.user, case, **form.cleaned_data),
        _("The hearing has been planned."),
        case_url(case.pk),
    )
    title = _("Plan a hearing for %(ref)s") % {"ref": case.reference}
    intro = _(
        "The lawyer is invited when there is one, the guardian always for a minor. When the person needs an "
        "interpreter, add one on the application first."
    )
    return done or form_page(request, title, form, case_url(case.pk), intro=intro)


@login_required
def hearing_minutes(request: AuthedRequest, pk: int, hearing_pk: int) -> HttpResponse:
    case = _manager_or_chair(request, pk)
    hearing = get_object_or_404(case.hearings.without_encrypted(), pk=hearing_pk)
    form = MinutesForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.record_hearing(request.user, hearing, **form.cleaned_data),
        _("The minutes have been recorded; the committee deliberates."),
        case_url(case.pk),
    )
    title = _("Minutes of the hearing of %(ref)s") % {"ref": case.reference}
    return done or form_page(request, title, form, case_url(case.pk))


@login_required
def hearing_cancel(request: AuthedRequest, pk: int, hearing_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    hearing = get_object_or_404(case.hearings.without_encrypted(), pk=hearing_pk)
    form = CancelHearingForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.cancel_hearing(request.user, hearing, form.cleaned_data["reason"]),
        _("The hearing has been cancelled."),
        case_url(case.pk),
    )
    return done or form_page(request, _("Cancel the hearing"), form, case_url(case.pk))


@login_required
def adjourn(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _manager_or_chair(request, pk)
    form = AdjournForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.adjourn(request.user, case, **form.cleaned_data),
        _("The assessment is adjourned for more information."),
        case_url(case.pk),
    )
    title = _("Adjourn %(ref)s for more information") % {"ref": case.reference}
    intro = _(
        "Instead of closing the case, ask for what is missing. Asking third parties needs the person's "
        "consent, medical information a written authorisation. The opinion deadline stands still meanwhile."
    )
    return done or form_page(request, title, form, case_url(case.pk), intro=intro)


@login_required
def information_received(request: AuthedRequest, pk: int, adjournment_pk: int) -> HttpResponse:
    case = _manager_or_chair(request, pk)
    adjournment = get_object_or_404(case.adjournments.without_encrypted(), pk=adjournment_pk)
    form = InformationReceivedForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.record_information_received(request.user, adjournment, **form.cleaned_data),
        _("The information is in; the assessment goes on."),
        case_url(case.pk),
    )
    return done or form_page(request, _("Information received"), form, case_url(case.pk))


@login_required
def preliminary_opinion(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _chair(request, pk)
    form = OpinionForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.record_preliminary_opinion(request.user, case, **form.cleaned_data),
        _("The preliminary opinion has been recorded."),
        case_url(case.pk),
    )
    title = _("Preliminary opinion on %(ref)s") % {"ref": case.reference}
    intro = _("A preliminary opinion is not a decision and does not end the assessment.")
    return done or form_page(request, title, form, case_url(case.pk), intro=intro)


@login_required
def draft_opinion(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _chair(request, pk)
    form = DraftOpinionForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.send_draft_opinion(request.user, case, reasons=form.cleaned_data["reasons"]),
        _("The draft opinion is ready to send to the person for a response."),
        case_url(case.pk),
    )
    title = _("Draft negative opinion on %(ref)s") % {"ref": case.reference}
    intro = _(
        "The person (and their lawyer or guardian) receive the draft with its reasons and may respond before "
        "the committee gives its opinion."
    )
    return done or form_page(request, title, form, case_url(case.pk), intro=intro)


@login_required
def opinion_give(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _chair(request, pk)
    form = OpinionForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.give_opinion(request.user, case, **form.cleaned_data),
        _("The opinion has been given."),
        case_url(case.pk),
    )
    title = _("Opinion of the committee on %(ref)s") % {"ref": case.reference}
    context = {"title": title, "form": form, "case": case, "standard": StandardOfProof.PLAUSIBLE.label}
    return done or render(request, "identification/opinion_form.html", context)


@login_required
def response_create(request: AuthedRequest, pk: int, opinion_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    draft = get_object_or_404(case.opinions.without_encrypted(), pk=opinion_pk, kind=OpinionKind.DRAFT)
    form = ResponseForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.record_response(request.user, draft, **form.cleaned_data),
        _("The response has been recorded."),
        case_url(case.pk),
    )
    title = _("Response (zienswijze) to the draft opinion on %(ref)s") % {"ref": case.reference}
    return done or form_page(request, title, form, case_url(case.pk))


@login_required
def opinion_letter(request: AuthedRequest, pk: int, opinion_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    opinion = get_object_or_404(case.opinions.without_encrypted(), pk=opinion_pk)
    content = services.opinion_letter_pdf(request.user, opinion)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{case.reference}-{opinion.kind}-{opinion.pk}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def opinion_handed_over(request: AuthedRequest, pk: int, opinion_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    opinion = get_object_or_404(case.opinions.without_encrypted(), pk=opinion_pk)
    return post_service(
        request,
        lambda: services.record_handed_over(request.user, opinion),
        _("Recorded that the person received the letter."),
        case_url(case.pk),
    )


@login_required
def ind_transmit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    if request.method == "POST":
        return post_service(
            request,
            lambda: services.transmit_to_ind(request.user, case),
            _("The opinion has been sent to the IND; the sending is recorded."),
            case_url(case.pk),
        )
    application = case.application
    context = {
        "case": case,
        "covered": application.covered_by_b83(),
        "opinion_consent": application.has_consent(ConsentPurpose.IND_OPINION),
        "identifiers_consent": application.has_consent(ConsentPurpose.IND_IDENTIFIERS),
        "opinion": case.latest_opinion(OpinionKind.FINAL),
    }
    return render(request, "identification/ind_transmit.html", context)
