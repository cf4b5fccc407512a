"""Pages of data collection: rounds, a region's form, contributions, completeness, exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opvangnet.accounts.models import User
from opvangnet.accounts.scoping import can_fill_contribution, can_fill_region_form
from opvangnet.collection import exports, services, spreadsheets
from opvangnet.collection.access import (
    CONTRIBUTE,
    FILL,
    MANAGE,
    get_contribution_for_user,
    get_round_for_user,
    get_submission_for_user,
    require_any,
)
from opvangnet.collection.forms import CommentForm, InviteForm, RoundForm, UploadForm, ValuesForm
from opvangnet.collection.models import (
    Contribution,
    ContributionStatus,
    DataValueChange,
    Submission,
    SubmissionStatus,
)
from opvangnet.collection.queries import (
    cell_states,
    questions_of,
    review,
    round_completeness,
    stored_values,
    visible_rounds,
)
from opvangnet.core.form_views import ButtonStep, FormStep
from opvangnet.core.forms import add_service_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMENT_PAGE = "collection/comment_form.html"


# --- rounds ------------------------------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, MANAGE, FILL)
    rounds = list(visible_rounds(request.user))
    own = {
        submission.round_id: submission
        for submission in Submission.objects.visible_to(request.user).filter(round__in=rounds)
    }
    rows = [(round_, own.get(round_.pk)) for round_ in rounds]
    return render(
        request, "collection/round_list.html", {"rows": rows, "manage": request.user.has_perm(MANAGE)}
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    require_any(request.user, MANAGE)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(
                request.user,  # type: ignore[arg-type]
                services.RoundInput(
                    form_version=data["form_version"],
                    period_kind=data["period_kind"],
                    year=data["year"],
                    number=data["number"],
                    deadline=data["deadline"],
                    regions=list(data["regions"]),
                    reference_date=data.get("reference_date"),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round %(round)s opened.") % {"round": round_.period_label})
            return redirect("collection:round", pk=round_.pk)
    return render(request, "collection/round_form.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    submissions = Submission.objects.visible_to(request.user).filter(round=round_).order_by("region__name")
    context = {"round": round_, "submissions": submissions, "manage": request.user.has_perm(MANAGE)}
    return render(request, "collection/round_detail.html", context)


@login_required
def completeness(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request.user, MANAGE)
    round_ = get_round_for_user(request.user, pk)
    return render(
        request, "collection/completeness.html", {"round": round_, "report": round_completeness(round_)}
    )


@login_required
def round_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    ids = Submission.objects.visible_to(request.user).filter(round=round_).values_list("pk", flat=True)
    name = f"opvangnet-uitvraag-{round_.period_label.replace(' ', '-')}.{extension}"
    if extension == "csv":
        response = HttpResponse(exports.to_csv(round_, ids), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_xlsx(round_, ids), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- a region's form ---------------------------------------------------------------------------------------


def _values_form(
    request: HttpRequest, submission: Submission, contribution: Contribution | None = None
) -> ValuesForm:
    if contribution is None:
        started = submission.status != SubmissionStatus.NOT_STARTED  # starting prefills; see submission_start
        editable = started and submission.is_editable and can_fill_region_form(request.user, submission)
    else:
        editable = contribution.is_editable and can_fill_contribution(request.user, contribution)
    states = cell_states(stored_values(submission, contribution))
    return ValuesForm(
        request.POST if request.method == "POST" else None,
        questions=questions_of(submission.round, contribution),
        states=states,
        editable=editable,
    )


def _submission_page(
    request: HttpRequest, submission: Submission, form: ValuesForm, status: int = 200
) -> HttpResponse:
    if not form.issues and submission.status != SubmissionStatus.NOT_STARTED:
        form.show_issues(review(submission, for_submission=submission.is_editable))
    context = {
        "submission": submission,
        "round": submission.round,
        "form": form,
        "sections": form.layout(),
        "events": submission.events.select_related("by")[:20],
        "contributions": submission.contributions.select_related("section", "municipality", "organisation"),
        "can_fill": can_fill_region_form(request.user, submission),
        "can_review": request.user.has_perm(MANAGE),
        "comment_form": CommentForm(),
    }
    return render(request, "collection/submission_detail.html", context, status=status)


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The region's form; a POST saves it as a draft (the submit button posts to `submission_submit`)."""
    submission = get_submission_for_user(request.user, pk, write=request.method == "POST")
    form = _values_form(request, submission)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.save_submission_values(request.user, submission, form.inputs())  # type: ignore[arg-type]
        except services.ValuesRejected as rejected:
            form.show_issues(rejected.issues)
            return _submission_page(request, submission, form, status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Draft saved: %(count)s answers changed.") % {"count": result.created + result.updated},
            )
        return redirect("collection:submission", pk=submission.pk)
    return _submission_page(request, submission, form)


@login_required
@require_POST
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, write=True)
    form = _values_form(request, submission)
    if not form.is_valid():
        return _submission_page(request, submission, form, status=400)
    try:
        services.submit_submission(request.user, submission, form.inputs())  # type: ignore[arg-type]
    except services.ValuesRejected as rejected:
        form.show_issues(rejected.issues)
        messages.error(
            request,
            _("Not submitted: %(count)s points need your attention.") % {"count": len(rejected.issues)},
        )
        return _submission_page(request, submission, form, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The form has been submitted to the national coordination centre."))
    return redirect("collection:submission", pk=submission.pk)


def _submission_url(submission: Submission) -> str:
    return reverse("collection:submission", args=[submission.pk])


def _own_submission(user: User, pk: int) -> Submission:
    """The region form its own coordinator changes."""
    return get_submission_for_user(user, pk, write=True)


def _reviewed_submission(user: User, pk: int) -> Submission:
    """A region form the national coordination centre reviews (403 for anyone else, before 404)."""
    require_any(user, MANAGE)
    return get_submission_for_user(user, pk)


submission_start = ButtonStep(
    load=_own_submission,
    service=services.start_submission,
    success=gettext_lazy("Started: Opvangnet's figures are filled in."),
    back=_submission_url,
).as_view()

submission_prefill = ButtonStep(
    load=_own_submission,
    service=services.refresh_prefill,
    success=gettext_lazy("Opvangnet's figures counted again; your corrections stay."),
    back=_submission_url,
).as_view()

submission_consolidate = ButtonStep(
    load=_own_submission,
    service=services.consolidate,
    success=gettext_lazy("The submitted contributions are in the region's answers."),
    back=_submission_url,
).as_view()

submission_approve = ButtonStep(
    load=_reviewed_submission,
    service=services.approve_submission,
    success=gettext_lazy("Approved: the figures are locked."),
    back=_submission_url,
).as_view()

submission_return = FormStep(
    load=_reviewed_submission,
    form=CommentForm,
    service=lambda actor, submission, form: services.return_submission(
        actor, submission, form.cleaned_data["comment"]
    ),
    success=gettext_lazy("The form has been returned to the region."),
    title=lambda submission: _("Return the form to the region"),
    intro=gettext_lazy(
        "Say what the region should check or change. The region sees your comment and can submit again."
    ),
    back=_submission_url,
    template=COMMENT_PAGE,
    context=lambda submission: {"submission": submission},
).as_view()

submission_reopen = FormStep(
    load=_reviewed_submission,
    form=CommentForm,
    service=lambda actor, submission, form: services.reopen_submission(
        actor, submission, form.cleaned_data["comment"]
    ),
    success=gettext_lazy("The form has been reopened and returned to the region."),
    title=lambda submission: _("Reopen an approved form"),
    intro=gettext_lazy(
        "Reopening unlocks the figures and sends the form back to the region. Give the reason (kept)."
    ),
    back=_submission_url,
    template=COMMENT_PAGE,
    context=lambda submission: {"submission": submission},
).as_view()


@login_required
def submission_invite(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST or None, submission=submission)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contribution = services.invite_contributor(
                request.user,  # type: ignore[arg-type]
                submission,
                data["section"],
                municipality=data.get("municipality"),
                organisation=data.get("organisation"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(party)s has been invited.") % {"party": contribution.party_name})
            return redirect("collection:submission", pk=submission.pk)
    back = reverse("collection:submission", args=[submission.pk])
    context = {"form": form, "submission": submission, "back": back}
    return render(request, "collection/invite.html", context)


@login_required
def submission_template(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk)
    response = HttpResponse(spreadsheets.workbook_for(submission), content_type=XLSX)
    name = (
        f"opvangnet-uitvraag-{submission.round.period_label.replace(' ', '-')}-{submission.region.code}.xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def submission_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[spreadsheets.CellError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.upload_workbook(request.user, submission, form.cleaned_data["file"].read())  # type: ignore[arg-type]
        except services.UploadRejected as rejected:
            errors = rejected.errors
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Upload saved as a draft: %(count)s answers changed. Check the form and submit it.")
                % {"count": result.created + result.updated},
            )
            return redirect("collection:submission", pk=submission.pk)
    context = {"form": form, "errors": errors, "submission": submission}
    return render(request, "collection/upload.html", context, status=400 if errors else 200)


@login_required
def submission_history(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk)
    changes = (
        DataValueChange.objects.filter(value__submission=submission)
        .select_related(
            "value__question",
            "value__contribution__municipality",
            "value__contribution__organisation",
            "changed_by",
        )
        .order_by("-changed_at", "-pk")[:500]
    )
    context = {"submission": submission, "changes": changes, "events": submission.events.select_related("by")}
    return render(request, "collection/history.html", context)


# --- contributions -----------------------------------------------------------------------------------------


@login_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, MANAGE, FILL, CONTRIBUTE)
    contributions = Contribution.objects.visible_to(request.user).order_by(
        "-submission__round__period_start", "submission__region__name", "section__position"
    )
    return render(request, "collection/contribution_list.html", {"contributions": contributions})


def _contribution_page(
    request: HttpRequest, contribution: Contribution, form: ValuesForm, status: int = 200
) -> HttpResponse:
    if not form.issues and contribution.status != ContributionStatus.INVITED:
        form.show_issues(
            review(contribution.submission, contribution, for_submission=contribution.is_editable)
        )
    context = {
        "contribution": contribution,
        "submission": contribution.submission,
        "round": contribution.submission.round,
        "form": form,
        "sections": form.layout(),
        "can_fill": can_fill_contribution(request.user, contribution),
        "can_return": can_fill_region_form(request.user, contribution.submission)
        and contribution.status == ContributionStatus.SUBMITTED
        and contribution.submission.is_editable,
    }
    return render(request, "collection/contribution_detail.html", context, status=status)


@login_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, pk, write=request.method == "POST")
    form = _values_form(request, contribution.submission, contribution)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contribution_values(request.user, contribution, form.inputs())  # type: ignore[arg-type]
        except services.ValuesRejected as rejected:
            form.show_issues(rejected.issues)
            return _contribution_page(request, contribution, form, status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Draft saved."))
        return redirect("collection:contribution", pk=contribution.pk)
    return _contribution_page(request, contribution, form)


@login_required
@require_POST
def contribution_submit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, pk, write=True)
    form = _values_form(request, contribution.submission, contribution)
    if not form.is_valid():
        return _contribution_page(request, contribution, form, status=400)
    try:
        services.submit_contribution(request.user, contribution, form.inputs())  # type: ignore[arg-type]
    except services.ValuesRejected as rejected:
        form.show_issues(rejected.issues)
        messages.error(
            request,
            _("Not submitted: %(count)s points need your attention.") % {"count": len(rejected.issues)},
        )
        return _contribution_page(request, contribution, form, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your contribution has been submitted to the care coordinator."))
    return redirect("collection:contribution", pk=contribution.pk)


def _contribution_to_return(user: User, pk: int) -> Contribution:
    require_any(user, FILL)
    return get_contribution_for_user(user, pk)


contribution_return = FormStep(
    load=_contribution_to_return,
    form=CommentForm,
    service=lambda actor, contribution, form: services.return_contribution(
        actor, contribution, form.cleaned_data["comment"]
    ),
    success=gettext_lazy("The contribution has been returned."),
    title=lambda contribution: _("Return the contribution"),
    intro=gettext_lazy("Say what should be checked or changed."),
    back=lambda contribution: reverse("collection:contribution", args=[contribution.pk]),
    template=COMMENT_PAGE,
).as_view()
