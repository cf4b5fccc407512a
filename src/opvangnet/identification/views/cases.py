"""Pages of a case: the list, the deadlines, the case itself, person data and files, the members' own views,
deliberation and reassessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opvangnet.accounts.scoping import can_see_person_data
from opvangnet.core.form_views import ButtonStep, FormStep, post_service, run_form_service
from opvangnet.core.forms import error_text
from opvangnet.identification import queries, services
from opvangnet.identification.access import CASE_PERMISSIONS, get_case_for_user, require_any
from opvangnet.identification.forms import (
    AssessmentForm,
    AttachmentForm,
    CommitteeForm,
    ReasonForm,
    ReassessmentForm,
    WaiveHearingForm,
)
from opvangnet.identification.models import Application, Case, CommitteeMember
from opvangnet.identification.services.placement_links import link_placement_request
from opvangnet.identification.views.common import (
    FORM_PAGE,
    MANAGE,
    PAGE_SIZE,
    AuthedRequest,
    case_url,
    managed_case,
)


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, *CASE_PERMISSIONS)
    page = Paginator(Case.objects.visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "identification/case_list.html", {"page": page})


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    require_any(request.user, *CASE_PERMISSIONS)
    manager = request.user.has_perm(MANAGE)
    waiting = Application.objects.visible_to(request.user).filter(
        case__isnull=True, withdrawn_at__isnull=True
    )
    context = {
        "rows": queries.deadline_dashboard(Case.objects.visible_to(request.user)),
        "waiting": waiting if manager else [],
    }
    return render(request, "identification/dashboard.html", context)


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    context = queries.case_page(case, request.user)
    return render(request, "identification/case_detail.html", context)


@login_required
def person_data(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_see_person_data(request.user, case):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    context = {"case": case, "form": form, "shown": False}
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        context.update(
            shown=True,
            person=services.view_person_data(request.user, case, reason),
            representatives=case.application.representatives.all(),
        )
    return render(request, "identification/person_data.html", context)


@login_required
def attachment_list(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_see_person_data(request.user, case):
        raise PermissionDenied
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.add_attachment(
                    request.user,
                    case,
                    kind=form.cleaned_data["kind"],
                    filename=upload.name,
                    content=upload.read(),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The file has been stored, encrypted."))
        else:
            messages.error(request, error_text(form))
        return redirect("identification:attachments", pk=case.pk)
    # Only kind, size, date and uploader: nothing here is decrypted.
    files = case.application.attachments.listed()
    context = {
        "case": case,
        "attachments": files,
        "upload_form": AttachmentForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "identification/attachments.html", context)


@login_required
@require_POST
def attachment_download(request: AuthedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    attachment = get_object_or_404(case.application.attachments.listed(), pk=attachment_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need to see the person data."))
        return redirect("identification:attachments", pk=case.pk)
    _name, content = services.read_attachment(request.user, case, attachment, form.cleaned_data["reason"])
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{attachment.pk}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def assessment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if services.membership(case, request.user) is None:
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, indicators=services.indicators_for(case))
    done = run_form_service(
        request,
        form,
        lambda: services.record_assessment(
            request.user,
            case,
            view=form.cleaned_data["view"],
            reasoning=form.cleaned_data["reasoning"],
            answers=form.answers(),
        ),
        _("Your view has been recorded."),
        case_url(case),
    )
    return done or render(request, "identification/assessment_form.html", {"case": case, "form": form})


def _earlier_assessors(case: Case) -> QuerySet[CommitteeMember, int]:
    return CommitteeMember.objects.filter(committee__case=case).values_list("assessor_id", flat=True)


hearing_waive = FormStep(
    load=managed_case,
    form=WaiveHearingForm,
    service=lambda actor, case, form: services.waive_hearing(actor, case, form.cleaned_data["note"]),
    success=gettext_lazy("Recorded that the person declined a hearing."),
    title=lambda case: _("The person declines a hearing (%(ref)s)") % {"ref": case.reference},
    back=case_url,
    template=FORM_PAGE,
).as_view()

deliberation_start = ButtonStep(
    load=managed_case,
    service=services.start_deliberation,
    success=gettext_lazy("The committee deliberates."),
    back=case_url,
).as_view()

reassessment_request = FormStep(
    load=managed_case,
    form=ReassessmentForm,
    service=lambda actor, case, form: services.request_reassessment(actor, case, **form.cleaned_data),
    success=gettext_lazy("The request for reassessment has been recorded."),
    title=lambda case: _("Request for reassessment of %(ref)s") % {"ref": case.reference},
    intro=gettext_lazy("The person, their lawyer or their guardian asks; record their request here."),
    back=case_url,
    template=FORM_PAGE,
).as_view()

reassessment_committee = FormStep(
    load=managed_case,
    form=CommitteeForm,
    form_kwargs=lambda case: {"exclude": _earlier_assessors(case)},
    service=lambda actor, case, form: services.form_reassessment_committee(actor, case, form.seats()),
    success=gettext_lazy("The new committee has been formed."),
    title=lambda case: _("New committee for the reassessment of %(ref)s") % {"ref": case.reference},
    back=case_url,
    template=FORM_PAGE,
).as_view()


@login_required
@require_POST
def placement_link(request: AuthedRequest, pk: int) -> HttpResponse:
    """The case manager links this case to the person's placement request (by its client code)."""
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    code = request.POST.get("client_code", "")
    return post_service(
        request,
        lambda: link_placement_request(request.user, case, code),
        _("Linked to placement request %(code)s.") % {"code": code.strip().upper()},
        case_url(case),
    )
