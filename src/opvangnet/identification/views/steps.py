"""Pages for the steps of an assessment: hearings, adjournments for more information, opinions, the person's
response, the letter with the reasons and the transmission to the IND."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opvangnet.accounts.models import User
from opvangnet.core.form_views import ButtonStep, FormStep, post_service
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
    Adjournment,
    Case,
    ConsentPurpose,
    Hearing,
    Opinion,
    OpinionKind,
    Representative,
    RepresentativeKind,
    StandardOfProof,
)
from opvangnet.identification.views.common import (
    FORM_PAGE,
    MANAGE,
    AuthedRequest,
    case_url,
    managed_case,
)

# The objects the steps act on, from the signed-in user and the URL's arguments (named as in urls.py): each
# through the case's access helper first, so 404 outside the user's scope and 403 without the right.


def _manager_or_chair(user: User, pk: int) -> Case:
    case = get_case_for_user(user, pk)
    if not (user.has_perm(MANAGE) or services.is_chair(case, user)):
        raise PermissionDenied
    return case


def _chair(user: User, pk: int) -> Case:
    case = get_case_for_user(user, pk)
    if not services.is_chair(case, user):
        raise PermissionDenied
    return case


def _hearing_for_minutes(user: User, pk: int, hearing_pk: int) -> Hearing:
    return get_object_or_404(_manager_or_chair(user, pk).hearings.without_encrypted(), pk=hearing_pk)


def _managed_hearing(user: User, pk: int, hearing_pk: int) -> Hearing:
    return get_object_or_404(managed_case(user, pk).hearings.without_encrypted(), pk=hearing_pk)


def _adjournment(user: User, pk: int, adjournment_pk: int) -> Adjournment:
    return get_object_or_404(_manager_or_chair(user, pk).adjournments.without_encrypted(), pk=adjournment_pk)


def _managed_draft(user: User, pk: int, opinion_pk: int) -> Opinion:
    draft_opinions = managed_case(user, pk).opinions.without_encrypted()
    return get_object_or_404(draft_opinions, pk=opinion_pk, kind=OpinionKind.DRAFT)


def _managed_opinion(user: User, pk: int, opinion_pk: int) -> Opinion:
    return get_object_or_404(managed_case(user, pk).opinions.without_encrypted(), pk=opinion_pk)


def _interpreters(case: Case) -> QuerySet[Representative]:
    interpreters = case.application.representatives.current().filter(kind=RepresentativeKind.INTERPRETER)
    return interpreters.without_encrypted()


hearing_plan = FormStep(
    load=managed_case,
    form=HearingForm,
    form_kwargs=lambda case: {"interpreters": _interpreters(case)},
    service=lambda actor, case, form: services.plan_hearing(actor, case, **form.cleaned_data),
    success=gettext_lazy("The hearing has been planned."),
    title=lambda case: _("Plan a hearing for %(ref)s") % {"ref": case.reference},
    intro=gettext_lazy(
        "The lawyer is invited when there is one, the guardian always for a minor. When the person needs an "
        "interpreter, add one on the application first."
    ),
    back=case_url,
    template=FORM_PAGE,
).as_view()

hearing_minutes = FormStep(
    load=_hearing_for_minutes,
    form=MinutesForm,
    service=lambda actor, hearing, form: services.record_hearing(actor, hearing, **form.cleaned_data),
    success=gettext_lazy("The minutes have been recorded; the committee deliberates."),
    title=lambda hearing: _("Minutes of the hearing of %(ref)s") % {"ref": hearing.case.reference},
    back=lambda hearing: case_url(hearing.case),
    template=FORM_PAGE,
).as_view()

hearing_cancel = FormStep(
    load=_managed_hearing,
    form=CancelHearingForm,
    service=lambda actor, hearing, form: services.cancel_hearing(actor, hearing, form.cleaned_data["reason"]),
    success=gettext_lazy("The hearing has been cancelled."),
    title=lambda hearing: _("Cancel the hearing"),
    back=lambda hearing: case_url(hearing.case),
    template=FORM_PAGE,
).as_view()

adjourn = FormStep(
    load=_manager_or_chair,
    form=AdjournForm,
    service=lambda actor, case, form: services.adjourn(actor, case, **form.cleaned_data),
    success=gettext_lazy("The assessment is adjourned for more information."),
    title=lambda case: _("Adjourn %(ref)s for more information") % {"ref": case.reference},
    intro=gettext_lazy(
        "Instead of closing the case, ask for what is missing. Asking third parties needs the person's "
        "consent, medical information a written authorisation. The opinion deadline stands still meanwhile."
    ),
    back=case_url,
    template=FORM_PAGE,
).as_view()

information_received = FormStep(
    load=_adjournment,
    form=InformationReceivedForm,
    service=lambda actor, adjournment, form: services.record_information_received(
        actor, adjournment, **form.cleaned_data
    ),
    success=gettext_lazy("The information is in; the assessment goes on."),
    title=lambda adjournment: _("Information received"),
    back=lambda adjournment: case_url(adjournment.case),
    template=FORM_PAGE,
).as_view()

preliminary_opinion = FormStep(
    load=_chair,
    form=OpinionForm,
    service=lambda actor, case, form: services.record_preliminary_opinion(actor, case, **form.cleaned_data),
    success=gettext_lazy("The preliminary opinion has been recorded."),
    title=lambda case: _("Preliminary opinion on %(ref)s") % {"ref": case.reference},
    intro=gettext_lazy("A preliminary opinion is not a decision and does not end the assessment."),
    back=case_url,
    template=FORM_PAGE,
).as_view()

draft_opinion = FormStep(
    load=_chair,
    form=DraftOpinionForm,
    service=lambda actor, case, form: services.send_draft_opinion(
        actor, case, reasons=form.cleaned_data["reasons"]
    ),
    success=gettext_lazy("The draft opinion is ready to send to the person for a response."),
    title=lambda case: _("Draft negative opinion on %(ref)s") % {"ref": case.reference},
    intro=gettext_lazy(
        "The person (and their lawyer or guardian) receive the draft with its reasons and may respond before "
        "the committee gives its opinion."
    ),
    back=case_url,
    template=FORM_PAGE,
).as_view()

opinion_give = FormStep(
    load=_chair,
    form=OpinionForm,
    service=lambda actor, case, form: services.give_opinion(actor, case, **form.cleaned_data),
    success=gettext_lazy("The opinion has been given."),
    title=lambda case: _("Opinion of the committee on %(ref)s") % {"ref": case.reference},
    back=case_url,
    template="identification/opinion_form.html",
    context=lambda case: {"case": case, "standard": StandardOfProof.PLAUSIBLE.label},
).as_view()

response_create = FormStep(
    load=_managed_draft,
    form=ResponseForm,
    service=lambda actor, draft, form: services.record_response(actor, draft, **form.cleaned_data),
    success=gettext_lazy("The response has been recorded."),
    title=lambda draft: (
        _("Response (zienswijze) to the draft opinion on %(ref)s") % {"ref": draft.case.reference}
    ),
    back=lambda draft: case_url(draft.case),
    template=FORM_PAGE,
).as_view()


@login_required
def opinion_letter(request: AuthedRequest, pk: int, opinion_pk: int) -> HttpResponse:
    opinion = _managed_opinion(request.user, pk, opinion_pk)
    content = services.opinion_letter_pdf(request.user, opinion)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{opinion.case.reference}-{opinion.kind}-{opinion.pk}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


opinion_handed_over = ButtonStep(
    load=_managed_opinion,
    service=services.record_handed_over,
    success=gettext_lazy("Recorded that the person received the letter."),
    back=lambda opinion: case_url(opinion.case),
).as_view()


@login_required
def ind_transmit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = managed_case(request.user, pk)
    if request.method == "POST":
        return post_service(
            request,
            lambda: services.transmit_to_ind(request.user, case),
            _("The opinion has been sent to the IND; the sending is recorded."),
            case_url(case),
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
