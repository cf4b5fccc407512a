from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.accounts import scoping
from opvangnet.accounts.http import AuthedRequest
from opvangnet.capacity.models import Offer
from opvangnet.core.form_views import run_service
from opvangnet.core.forms import add_service_errors, error_text
from opvangnet.placement import links, services
from opvangnet.placement.access import get_proposal_for_provider, get_request_for_user, require
from opvangnet.placement.adapters import request_record
from opvangnet.placement.forms import (
    CancelForm,
    ClientDeclineForm,
    ExitForm,
    HandoverNoteForm,
    IntakeDateForm,
    IntakeForm,
    ProviderDeclineForm,
    RefusalReportFilter,
)
from opvangnet.placement.models import (
    REQUEST_WORKFLOW,
    Notice,
    PlacementRequest,
    Proposal,
    ProposalOutcome,
    RequestStatus,
)
from opvangnet.placement.queries import (
    BREAKDOWNS,
    candidates,
    refusal_reasons_chart,
    refusal_report,
    suggested_assignment,
)
from opvangnet.regions.models import Region

if TYPE_CHECKING:
    from opvangnet.accounts.models import User

PAGE_SIZE = 50
ROUTE_FIELDS = {
    "reflection_period_end",
    "guardian",
    "guardian_organisation",
    "youth_care_involved",
    "youth_care_organisation",
}
_PAIR = re.compile(r"(?P<request>[0-9]{1,18}):(?P<offer>[0-9]{1,18})")


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _run_form(
    request: HttpRequest, form: Form, action: Callable[[dict[str, Any]], Any], success: str, invalid: str = ""
) -> None:
    """A posted form: run `action(cleaned_data)` when it is valid (see `run_service`), else say what is wrong
    (`invalid`, or the form's own errors)."""
    if form.is_valid():
        run_service(request, lambda: action(form.cleaned_data), success)
    else:
        messages.error(request, invalid or error_text(form))


@login_required
def waiting_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "placement.request_placement")
    waiting = PlacementRequest.objects.visible_to(request.user).waiting()
    region_code = request.GET.get("region", "")
    if region_code:
        waiting = waiting.filter(region__code=region_code)
    suggestions, optimal = (
        suggested_assignment(waiting, request.user, _lang()) if "suggest" in request.GET else ([], None)
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "suggestions": suggestions,
        "optimal": optimal,
        "regions": Region.objects.all() if request.user.has_perm("placement.view_all_requests") else None,
        "region_code": region_code,
        "query": f"region={region_code}" if region_code else "",
    }
    return render(request, "placement/waiting_list.html", context)


@login_required
@require_POST
def apply_assignment(request: AuthedRequest) -> HttpResponse:
    """Propose every pair of the suggested assignment that the coordinator ticked: all of them or none.

    Every pair is looked up before anything is proposed, so one request or offer that is not the user's
    answers 404 with nothing changed.
    """
    require(request.user, "placement.request_placement")
    pairs = []
    for pair in request.POST.getlist("pair"):
        match = _PAIR.fullmatch(pair)
        if match is None:
            messages.error(request, _("The assignment could not be read; nothing was proposed."))
            return redirect("placement:waiting_list")
        placement = get_request_for_user(request.user, int(match["request"]), write=True)
        offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=int(match["offer"]))
        pairs.append((placement, offer))
    if run_service(request, partial(services.propose_assignment, request.user, pairs)):
        messages.success(request, _("%(count)s proposals sent to providers.") % {"count": len(pairs)})
    return redirect("placement:waiting_list")


@login_required
def intake(request: AuthedRequest) -> HttpResponse:
    require(request.user, "placement.request_placement")
    region = getattr(request.user, "region", None)
    initial = {"region": region.code} if region else {}
    form = IntakeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.create_request(
                request.user, form.cleaned_data["region"], **form.needs_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Request %(code)s registered.") % {"code": placement.client_code})
            return redirect("placement:detail", pk=placement.pk)
    return render(request, "placement/intake.html", {"form": form})


@login_required
def intake_candidates(request: AuthedRequest) -> HttpResponse:
    """The live candidate list beside the intake form (htmx), recomputed as the needs change."""
    require(request.user, "placement.request_placement")
    form = IntakeForm(request.GET)
    # The route's own checks (guardian, reflection period) do not keep the places from showing.
    if not form.is_valid() and not set(form.errors) <= ROUTE_FIELDS:
        return render(request, "placement/_candidates.html", {"incomplete": True})
    data = {**form.needs_data(), "home_region": form.cleaned_data["region"].code}
    found = candidates(request_record(data), request.user, _lang())
    return render(request, "placement/_candidates.html", {"found": found, "placement": None})


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    placement = get_request_for_user(request.user, pk)
    coordinating = request.user.has_perm("placement.request_placement")
    found = None
    if coordinating and placement.status == RequestStatus.OPEN:
        found = candidates(request_record(placement), request.user, _lang())
    proposals = Proposal.objects.visible_to(request.user).filter(request=placement)
    live = proposals.filter(outcome__in=[ProposalOutcome.PENDING, ProposalOutcome.ACCEPTED]).first()
    context = {
        "placement": placement,
        "proposals": proposals,
        "live_proposal": live,
        "handover_form": HandoverNoteForm(initial={"handover_note": live.handover_note if live else ""}),
        "case_link": links.case_summary(placement),
        "outcome_visible": scoping.can_see_placement_outcome(request.user, placement),
        "can_reveal_address": coordinating
        and placement.status in services.ADDRESS_FOR_TRANSPORT_STATUSES
        and scoping.can_reveal_address_for_transport(request.user, placement),
        "found": found,
        "coordinating": coordinating,
        # The actions shown are the moves the workflow allows now: the template asks by target state.
        "next_states": REQUEST_WORKFLOW.next_states(placement),
        "client_form": ClientDeclineForm(),
        "cancel_form": CancelForm(),
        "intake_form": IntakeDateForm(),
        "exit_form": ExitForm(),
    }
    return render(request, "placement/detail.html", context)


@login_required
@require_POST
def propose(request: AuthedRequest, pk: int, offer_pk: int) -> HttpResponse:
    placement = get_request_for_user(request.user, pk, write=True)
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_pk)
    run_service(
        request,
        lambda: services.propose(request.user, placement, offer),
        _("Proposed to %(offer)s.") % {"offer": offer.name},
    )
    return redirect("placement:detail", pk=pk)


def _reason_action(request: AuthedRequest, pk: int, form_class: type, outcome: str | None) -> HttpResponse:
    placement = get_request_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("placement:detail", pk=pk)
    reason, text = form.cleaned_data["reason"], form.cleaned_data["reason_text"]
    if outcome is None:
        run_service(
            request,
            lambda: services.cancel_request(request.user, placement, reason, text),
            _("Request cancelled."),
        )
    else:
        run_service(
            request, lambda: services.withdraw(request.user, placement, outcome, reason, text), _("Recorded.")
        )
    return redirect("placement:detail", pk=pk)


@login_required
@require_POST
def client_declined(request: AuthedRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, ClientDeclineForm, ProposalOutcome.DECLINED_BY_CLIENT)


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, CancelForm, None)


@login_required
@require_POST
def record_intake(request: AuthedRequest, pk: int) -> HttpResponse:
    placement = get_request_for_user(request.user, pk)
    _run_form(
        request,
        IntakeDateForm(request.POST),
        lambda data: services.record_intake(request.user, placement, data["intake_date"]),
        _("Placement recorded."),
        _("Enter a valid intake date."),
    )
    return redirect(_back(request, pk))


@login_required
@require_POST
def record_exit(request: AuthedRequest, pk: int) -> HttpResponse:
    placement = get_request_for_user(request.user, pk)
    _run_form(
        request,
        ExitForm(request.POST),
        lambda data: services.record_exit(request.user, placement, data["exit_date"], data["destination"]),
        _("Exit recorded."),
        _("Enter a valid exit date and destination."),
    )
    return redirect(_back(request, pk))


def _back(request: AuthedRequest, pk: int) -> str:
    if request.user.has_perm("placement.request_placement"):
        return reverse("placement:detail", args=[pk])
    return reverse("placement:inbox")


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    require(request.user, "placement.answer_proposals")
    proposals = Proposal.objects.for_provider(request.user)
    # Each card has its own form; distinct ids keep labels and fields paired for screen readers.
    context = {
        "pending": [
            (p, ProviderDeclineForm(auto_id=f"id_%s_{p.pk}"))
            for p in proposals.filter(outcome=ProposalOutcome.PENDING)
        ],
        "held": [
            (p, IntakeDateForm(auto_id=f"id_%s_{p.pk}"))
            for p in proposals.filter(outcome=ProposalOutcome.ACCEPTED)
        ],
        "placed": [
            (p, ExitForm(auto_id=f"id_%s_{p.pk}"))
            for p in proposals.filter(outcome=ProposalOutcome.PLACED, request__status=RequestStatus.PLACED)
        ],
    }
    return render(request, "placement/inbox.html", context)


@login_required
@require_POST
def accept(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "placement.answer_proposals")
    proposal = get_proposal_for_provider(request.user, pk)
    run_service(
        request,
        lambda: services.accept_proposal(request.user, proposal),
        _("Accepted: the place is held for %(code)s.") % {"code": proposal.request.client_code},
    )
    return redirect("placement:inbox")


@login_required
@require_POST
def decline(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "placement.answer_proposals")
    proposal = get_proposal_for_provider(request.user, pk)
    _run_form(
        request,
        ProviderDeclineForm(request.POST, proposal=proposal),
        lambda data: services.decline_proposal(request.user, proposal, data["reason"], data["reason_text"]),
        _("Declined."),
    )
    return redirect("placement:inbox")


@login_required
def refusals(request: AuthedRequest) -> HttpResponse:
    """The 'all victims welcome' monitor: refusals by reason, target group, region and care type."""
    require(request.user, "placement.view_refusal_report")
    suppress = not request.user.has_perm("placement.request_placement")
    # Aggregate-only roles start with a coarse breakdown, so fewer cells fall under the threshold.
    breakdown: tuple[str, ...] = ("care_type",) if suppress else BREAKDOWNS
    form = RefusalReportFilter(request.GET or None, initial={"breakdown": breakdown})
    period = None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
        breakdown = tuple(form.cleaned_data["breakdown"])
    report = refusal_report(period, suppress=suppress, breakdown=breakdown)
    return render(
        request,
        "placement/refusals.html",
        {"form": form, "report": report, "chart": refusal_reasons_chart(report)},
    )


@login_required
@require_POST
def reveal_address(request: AuthedRequest, pk: int) -> HttpResponse:
    """The address of the accepted place, for transport; every reveal is audited."""
    placement = get_request_for_user(request.user, pk, write=True)
    try:
        address = services.reveal_address_for_transport(request.user, placement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("placement:detail", pk=pk)
    return render(
        request, "placement/address_for_transport.html", {"placement": placement, "address": address}
    )


def _require_notices(user: User) -> None:
    if not (user.has_perm("placement.request_placement") or user.has_perm("placement.answer_proposals")):
        raise PermissionDenied


@login_required
def notices(request: AuthedRequest) -> HttpResponse:
    """The user's notices about proposals, newest first; unread ones marked."""
    _require_notices(request.user)
    page = Paginator(
        Notice.objects.for_user(request.user).select_related("proposal__request", "proposal__offer"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "placement/notices.html", {"page": page})


@login_required
@require_POST
def notices_read(request: AuthedRequest) -> HttpResponse:
    _require_notices(request.user)
    services.mark_notices_read(request.user)
    return redirect("placement:notices")


@login_required
@require_POST
def handover_note(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coordinator's handover note on the live proposal of one of their requests."""
    require(request.user, "placement.request_placement")
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)
    placement = get_request_for_user(request.user, proposal.request_id, write=True)
    _run_form(
        request,
        HandoverNoteForm(request.POST),
        lambda data: services.set_handover_note(request.user, proposal, data["handover_note"]),
        _("Handover note saved."),
    )
    return redirect("placement:detail", pk=placement.pk)
