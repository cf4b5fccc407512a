"""Pages of capacity planning: scenarios (make, follow, compare, export) and the demand forecast."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.planning import exports, history, queries, services
from opvangnet.planning.access import get_scenario_for_user, require
from opvangnet.planning.forms import ForecastFilter, ScenarioForm
from opvangnet.planning.models import Scenario
from opvangnet.regions.models import Region

MAX_COMPARED = 4


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, "planning.view_planning")
    scenarios = Scenario.objects.visible_to(request.user)[:100]
    return render(request, "planning/index.html", {"scenarios": scenarios, "max_compared": MAX_COMPARED})


@login_required
def new_scenario(request: HttpRequest) -> HttpResponse:
    require(request.user, "planning.run_scenario")
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        if form.is_valid():
            scenario = services.create_scenario(
                request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                kind=form.cleaned_data["kind"],
                settings=form.settings(),
            )
            return redirect("planning:detail", pk=scenario.pk)
    else:
        form = ScenarioForm(initial=queries.initial_for(request.user, request.GET.get("from")))
    estimate = queries.estimate_summary(history.Period.last_twelve_months())
    return render(request, "planning/new.html", {"form": form, "estimate": estimate})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, pk)
    return render(request, "planning/detail.html", {"scenario": scenario, **queries.detail_context(scenario)})


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by the detail page; once finished, the page reloads itself with the result."""
    scenario = get_scenario_for_user(request.user, pk)
    response = render(request, "planning/_progress.html", {"scenario": scenario})
    if scenario.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, pk, write=True)
    try:
        services.delete_scenario(request.user, scenario)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("planning:detail", pk=pk)
    messages.success(request, _("Scenario deleted."))
    return redirect("planning:index")


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, pk)
    if fmt not in ("csv", "xlsx") or not scenario.result:
        raise Http404
    filename = f"scenario-{scenario.pk}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(scenario), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(scenario),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    require(request.user, "planning.view_planning")
    ids = [int(v) for v in request.GET.getlist("scenario") if v.isdigit()][:MAX_COMPARED]
    scenarios = list(Scenario.objects.visible_to(request.user).finished().filter(pk__in=ids))
    return render(request, "planning/compare.html", queries.comparison(scenarios))


@login_required
def forecast_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "planning.view_planning")
    exact = request.user.has_perm("planning.view_exact_figures")
    regions = [(r.code, r.name) for r in Region.objects.order_by("name")] if exact else None
    form = ForecastFilter(request.GET or None, regions=regions)
    care_type, region = "crisis", ""
    if form.is_bound and form.is_valid():
        care_type = form.cleaned_data["care_type"] or care_type
        region = form.cleaned_data.get("region") or ""
    context = queries.forecast_context(care_type, region or None, suppress=not exact)
    return render(request, "planning/forecast.html", {"form": form, **context})
