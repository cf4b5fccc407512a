from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.accounts import scoping
from opvangnet.accounts.http import AuthedRequest
from opvangnet.audit.services import record
from opvangnet.capacity import exports
from opvangnet.capacity.access import get_offer_for_user
from opvangnet.capacity.forms import AvailabilityForm, ImportForm, OfferForm
from opvangnet.capacity.importing import import_offers, template_csv, template_xlsx
from opvangnet.capacity.models import Offer, OfferQuerySet
from opvangnet.capacity.queries import OverviewFilter, occupancy_chart, occupancy_over_time, overview_totals
from opvangnet.capacity.services import Availability, record_availability, save_offer
from opvangnet.core.csvimport import ImportRejected, RowError
from opvangnet.core.forms import add_service_errors, error_text
from opvangnet.regions.models import Location, LocationQuerySet

PAGE_SIZE = 50


def _filtered_offers(request: HttpRequest) -> tuple[OverviewFilter, OfferQuerySet]:
    """The viewer's offers narrowed by the overview filters of the query string (invalid ones are ignored)."""
    form = OverviewFilter(request.GET or None)
    offers = Offer.objects.visible_to(request.user).active()
    if form.is_bound and form.is_valid():
        offers = form.apply(offers)
    return form, offers


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def overview(request: HttpRequest) -> HttpResponse:
    """The social map: every active offer the viewer may see, filtered, with totals per region."""
    form, offers = _filtered_offers(request)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(offer, offer.location.address_for(request.user)) for offer in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "totals": overview_totals(offers),
        "query": _query_without_page(request),
    }
    template = "capacity/_overview_results.html" if request.htmx else "capacity/overview.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def overview_print(request: HttpRequest) -> HttpResponse:
    _form, offers = _filtered_offers(request)
    rows = [(offer, offer.location.address_for(request.user)) for offer in offers]
    return render(request, "capacity/overview_print.html", {"rows": rows, "totals": overview_totals(offers)})


@login_required
def export_csv(request: AuthedRequest) -> HttpResponse:
    _form, offers = _filtered_offers(request)
    record(
        request.user, "capacity.exported", details={"format": "csv", "filters": request.GET.urlencode()[:500]}
    )
    response = HttpResponse(exports.to_csv(offers, request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opvangnet-aanbod.csv"'
    return response


@login_required
def export_xlsx(request: AuthedRequest) -> HttpResponse:
    _form, offers = _filtered_offers(request)
    record(
        request.user,
        "capacity.exported",
        details={"format": "xlsx", "filters": request.GET.urlencode()[:500]},
    )
    response = HttpResponse(
        exports.to_xlsx(offers, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="opvangnet-aanbod.xlsx"'
    return response


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk)
    occupancy = occupancy_over_time(offer)
    history = Paginator(offer.snapshots.select_related("recorded_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "offer": offer,
        "address": offer.location.address_for(request.user),
        "can_reveal_address": offer.location.secret_address
        and request.user.has_perm("regions.reveal_secret_address"),
        "can_change_secrecy": scoping.can_change_address_secrecy(request.user, offer.location),
        "history": history,
        "can_edit": Offer.objects.editable_by(request.user).filter(pk=offer.pk).exists(),
        "occupancy": occupancy,
        "occupancy_chart": occupancy_chart(occupancy),
    }
    return render(request, "capacity/offer_detail.html", context)


@login_required
def my_offers(request: AuthedRequest) -> HttpResponse:
    """The provider's own offers, each with its availability form (two clicks: change a number, save)."""
    _require_offer_manager(request)
    offers = Offer.objects.editable_by(request.user).select_related("location__municipality")
    rows = [
        (offer, AvailabilityForm(initial=_current(offer), prefix=f"offer-{offer.pk}")) for offer in offers
    ]
    return render(request, "capacity/my_offers.html", {"rows": rows})


def _current(offer: Offer) -> dict[str, int]:
    return {
        "free_places": offer.free_places,
        "occupied_places": offer.occupied_places,
        "waiting_list": offer.waiting_list,
    }


@login_required
@require_POST
def update_availability(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True)
    form = AvailabilityForm(request.POST, prefix=f"offer-{offer.pk}")
    if form.is_valid():
        try:
            record_availability(request.user, offer, form.availability())
        except ValidationError as error:
            add_service_errors(form, error)
    saved = form.is_valid() and not form.errors
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "offer": offer,
            "form": form
            if not saved
            else AvailabilityForm(initial=_current(offer), prefix=f"offer-{offer.pk}"),
            "saved": saved,
        }
        return render(request, "capacity/_availability_row.html", context)
    if saved:
        messages.success(request, _("Availability of %(offer)s saved.") % {"offer": offer.name})
    else:
        messages.error(
            request,
            _("Availability of %(offer)s was not saved: %(errors)s")
            % {"offer": offer.name, "errors": error_text(form)},
        )
    return redirect("capacity:mine")


@login_required
@require_POST
def confirm_availability(request: AuthedRequest, pk: int) -> HttpResponse:
    """One click: the numbers are still right; only the moment of the report changes."""
    offer = get_offer_for_user(request.user, pk, write=True)
    record_availability(request.user, offer, Availability(**_current(offer)))
    if request.htmx:  # type: ignore[attr-defined]
        form = AvailabilityForm(initial=_current(offer), prefix=f"offer-{offer.pk}")
        return render(
            request, "capacity/_availability_row.html", {"offer": offer, "form": form, "saved": True}
        )
    messages.success(request, _("Availability of %(offer)s confirmed.") % {"offer": offer.name})
    return redirect("capacity:mine")


def _require_offer_manager(request: HttpRequest) -> None:
    """Providers (own organisation) and the national coordination centre manage offers; nobody else."""
    user = request.user
    if not (user.has_perm("capacity.manage_own_offers") or user.has_perm("capacity.change_offer")):
        raise PermissionDenied


def _editable_locations(request: HttpRequest) -> LocationQuerySet:
    locations = Location.objects.visible_to(request.user)
    if request.user.has_perm("capacity.change_offer"):
        return locations
    return locations.filter(organisation_id=getattr(request.user, "organisation_id", None) or 0)


@login_required
def offer_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True) if pk else Offer()
    if pk is None:
        _require_offer_manager(request)
    form = OfferForm(request.POST or None, instance=offer, locations=_editable_locations(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_offer(request.user, form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Offer %(offer)s saved.") % {"offer": saved.name})
            return redirect("capacity:offer", pk=saved.pk)
    return render(request, "capacity/offer_form.html", {"form": form, "offer": offer})


@login_required
def import_offers_view(request: AuthedRequest) -> HttpResponse:
    _require_offer_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_offers(request.user, upload, upload.name, _editable_locations(request))
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("Import done: %(created)s offers created, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("capacity:mine")
    return render(
        request, "capacity/import.html", {"form": form, "errors": errors}, status=400 if errors else 200
    )


@login_required
def import_template(request: AuthedRequest, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404("Templates exist as .csv and .xlsx.")
    if extension == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="opvangnet-aanbod-sjabloon.{extension}"'
    return response
