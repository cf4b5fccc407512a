from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from opvangnet.accounts import scoping
from opvangnet.core.forms import ReasonForm, add_service_errors
from opvangnet.regions import services
from opvangnet.regions.forms import ContactPersonFormSet, ReachabilityForm, SecrecyForm
from opvangnet.regions.models import Location, Organisation, OrganisationKind, Region
from opvangnet.regions.queries import regions_with_counts

PAGE_SIZE = 50


def region_list(request: HttpRequest) -> HttpResponse:
    regions = regions_with_counts(Region.objects.visible_to(request.user))
    return render(request, "regions/region_list.html", {"regions": regions})


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    municipalities = region.municipalities.select_related("police_unit")
    locations = Location.objects.visible_to(request.user).in_region(region)
    context = {"region": region, "municipalities": municipalities, "locations": locations}
    return render(request, "regions/region_detail.html", context)


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.visible_to(request.user).select_related("municipality")
    kind = request.GET.get("kind", "")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"kind": kind}) if kind else ""
    context = {"page": page, "kinds": OrganisationKind.choices, "kind": kind, "query": query}
    return render(request, "regions/organisation_list.html", context)


def location_list(request: HttpRequest) -> HttpResponse:
    locations = Location.objects.visible_to(request.user)
    region_code = request.GET.get("region", "")
    if region_code:
        locations = locations.filter(municipality__region__code=region_code)
    page = Paginator(locations, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(location, location.address_for(request.user)) for location in page]
    context = {
        "page": page,
        "rows": rows,
        "regions": Region.objects.visible_to(request.user),
        "region_code": region_code,
        "query": urlencode({"region": region_code}) if region_code else "",
    }
    return render(request, "regions/location_list.html", context)


@login_required
def reveal_address(request: HttpRequest, pk: int) -> HttpResponse:
    """The national coordination centre reveals one secret address, with a reason (audited)."""
    location = get_object_or_404(Location.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("regions.reveal_secret_address"):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    address = None
    if form.is_valid():
        address = services.reveal_address(request.user, location, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    return render(
        request, "regions/reveal_address.html", {"location": location, "form": form, "address": address}
    )


@login_required
def address_secrecy(request: HttpRequest, pk: int) -> HttpResponse:
    """The location's organisation or the national coordination centre makes an address (no longer) secret."""
    location = get_object_or_404(Location.objects.visible_to(request.user), pk=pk)
    if not scoping.can_change_address_secrecy(request.user, location):
        raise PermissionDenied
    form = SecrecyForm(request.POST or None, initial={"secret": location.secret_address})
    if form.is_valid():
        try:
            services.set_address_secrecy(request.user, location, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("regions:address_secrecy", pk=location.pk)
    return render(request, "regions/address_secrecy.html", {"location": location, "form": form})


@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    """A provider keeps its own 24/7 number and contact persons (who get mail about proposals)."""
    organisation_id = scoping.organisation_id(request.user)
    if not request.user.has_perm("regions.manage_own_locations") or organisation_id is None:
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    reach = ReachabilityForm(request.POST or None, initial={"phone_24_7": organisation.phone_24_7})
    people = ContactPersonFormSet(request.POST or None, instance=organisation)
    if request.method == "POST" and reach.is_valid() and people.is_valid():
        services.update_contacts(request.user, organisation, reach.cleaned_data["phone_24_7"], people)  # type: ignore[arg-type]
        messages.success(request, _("Contact details saved."))
        return redirect("regions:contacts")
    return render(
        request, "regions/contacts.html", {"organisation": organisation, "reach": reach, "people": people}
    )
