"""Pages of a case: the list, the deadlines, the case itself, person data and files, the members' own views,
deliberation and reassessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.accounts.scoping import can_see_person_data
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
    PAGE_SIZE,
    AuthedRequest,
    case_url,
    form_page,
    post_service,
    run_form_service,
)

MANAGE = "identification.manage_cases"


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
        case_url(case.pk),
    )
    return done or render(request, "identification/assessment_form.html", {"case": case, "form": form})


@login_required
def hearing_waive(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    form = WaiveHearingForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.waive_hearing(request.user, case, form.cleaned_data["note"]),
        _("Recorded that the person declined a hearing."),
        case_url(case.pk),
    )
    title = _("The person declines a hearing (%(ref)s)") % {"ref": case.reference}
    return done or form_page(request, title, form, case_url(case.pk))


@login_required
@require_POST
def deliberation_start(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    return post_service(
        request,
        lambda: services.start_deliberation(request.user, case),
        _("The committee deliberates."),
        case_url(case.pk),
    )


@login_required
def reassessment_request(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    form = ReassessmentForm(request.POST or None)
    done = run_form_service(
        request,
        form,
        lambda: services.request_reassessment(request.user, case, **form.cleaned_data),
        _("The request for reassessment has been recorded."),
        case_url(case.pk),
    )
    title = _("Request for reassessment of %(ref)s") % {"ref": case.reference}
    intro = _("The person, their lawyer or their guardian asks; record their request here.")
    return done or form_page(request, title, form, case_url(case.pk), intro=intro)


@login_required
def reassessment_committee(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, permission=MANAGE)
    earlier = CommitteeMember.objects.filter(committee__case=case).values_list("assessor_id", flat=True)
    form = CommitteeForm(request.POST or None, exclude=earlier)
    done = run_form_service(
        request,
        form,
        lambda: services.form_reassessment_committee(request.user, case, form.seats()),
        _("The new committee has been formed."),
        case_url(case.pk),
    )
    title = _("New committee for the reassessment of %(ref)s") % {"ref": case.reference}
    return done or form_page(request, title, form, case_url(case.pk))


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
        case_url(case.pk),
    )
