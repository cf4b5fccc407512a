"""Pages of the national picture: thin views over `pages`, `publish` and `exports`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from opvangnet.core import disclosure
from opvangnet.core.periods import Period, default_period
from opvangnet.insights import exports, maps, pages
from opvangnet.insights import figures as fig
from opvangnet.insights.forms import MAP_FIGURES, MapForm, PeriodForm, PointInTimeForm
from opvangnet.insights.publish import View
from opvangnet.insights.reconciliation import rounds_beside_registry


def _require(request: HttpRequest, permission: str = "insights.view_picture") -> bool:
    """Raise 403 unless the user may see the picture; True when they see it suppressed."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return not request.user.has_perm("insights.view_exact_figures")


def _period(form: PeriodForm) -> Period:
    if form.is_valid() and form.cleaned_data.get("period"):
        return form.cleaned_data["period"]
    return default_period()


def _context(
    request: HttpRequest, form: PeriodForm, period: Period, suppressed: bool, **extra: Any
) -> dict[str, Any]:
    return {
        "form": form,
        "period": period,
        "suppressed": suppressed,
        "query": f"period={period.label}",
        "threshold": disclosure.threshold(),
        "threshold_below": disclosure.threshold() - 1,
        **extra,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    form = PointInTimeForm(request.GET or None)
    period = _period(form)
    facts = fig.facts_for(period)
    day = pages.point_in_time_day(
        period, form.cleaned_data.get("day") if form.is_valid() else None, suppressed=suppressed
    )
    destinations, lengths, returns = pages.exit_tables(period, suppressed=suppressed)
    context = _context(
        request,
        form,
        period,
        suppressed,
        key_figures=pages.key_figures(View(facts, (), suppressed=suppressed)),
        tables=[
            pages.breakdown_table(
                facts,
                ("region",),
                suppressed=suppressed,
                caption=_("By region"),
                link=lambda key: reverse("insights:region", args=[key[0]]) + f"?period={period.label}",
            ),
            pages.breakdown_table(facts, ("care_type",), suppressed=suppressed, caption=_("By care type")),
            pages.breakdown_table(facts, ("gender",), suppressed=suppressed, caption=_("By gender")),
            pages.breakdown_table(facts, ("age_group",), suppressed=suppressed, caption=_("By age group")),
            pages.breakdown_table(facts, ("need",), suppressed=suppressed, caption=_("By needs")),
            pages.breakdown_table(
                facts, ("exploitation",), suppressed=suppressed, caption=_("By exploitation")
            ),
        ],
        trend=pages.trend_table(period, suppressed=suppressed, facts=facts),
        others=[
            pages.refusal_reasons_table(facts, suppressed=suppressed),
            destinations,
            lengths,
            returns,
            pages.point_in_time_table(day, suppressed=suppressed),
        ],
        # Regions' own figures are exact counts: only for those who see exact figures.
        rounds=None if suppressed else rounds_beside_registry(period, None),
    )
    return render(request, "insights/dashboard.html", context)


@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    suppressed = _require(request)
    form = PeriodForm(request.GET or None)
    period = _period(form)
    facts = fig.facts_for(period)
    if code not in facts.geo.region_names:
        raise Http404
    view = View(facts, ("region",), suppressed=suppressed)
    offers = sorted((o for o in facts.offers if o.region == code), key=lambda o: (o.care_type, o.name))
    tables = [
        pages.breakdown_table(
            facts,
            ("region", "care_type"),
            suppressed=suppressed,
            caption=_("By care type"),
            within=("region", code),
        )
    ]
    if suppressed:  # aggregate roles: region × care type only (docs/decisions.md), and no single offer
        offers = []
    else:
        only = fig.Facts(
            period,
            facts.geo,
            [r for r in facts.requests if r.region == code],
            [r for r in facts.refusals if r.region == code],
            offers,
            {code: facts.population.get(code, 0)} if facts.population else {},
        )
        for dimension, caption in (
            ("gender", _("By gender")),
            ("need", _("By needs")),
        ):
            tables.append(pages.breakdown_table(only, (dimension,), suppressed=False, caption=caption))
    context = _context(
        request,
        form,
        period,
        suppressed,
        region_code=code,
        region_name=facts.geo.region_names[code],
        police_unit=fig.label("police_unit", facts.geo.police_of_region.get(code, ""), facts.geo),
        row=view.row((code,)),
        labels=pages.count_labels(),
        offers=[(offer, fig.label("care_type", offer.care_type, facts.geo)) for offer in offers],
        tables=tables,
        rounds=None if suppressed else rounds_beside_registry(period, [code]),
    )
    return render(request, "insights/region.html", context)


@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    form = PeriodForm(request.GET or None)
    period = _period(form)
    facts = fig.facts_for(period)
    context = _context(
        request,
        form,
        period,
        suppressed,
        gaps=pages.gaps(facts, suppressed=suppressed),
        ambulant_gaps=pages.gaps(facts, suppressed=suppressed, kind="ambulant"),
    )
    return render(request, "insights/gaps.html", context)


@login_required
def region_map(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    form = MapForm(request.GET or None)
    period = _period(form)
    figure = (form.cleaned_data.get("figure") if form.is_valid() else None) or MAP_FIGURES[0][0]
    facts = fig.facts_for(period)
    view = View(facts, ("region",), suppressed=suppressed)
    rows = [
        (code, facts.geo.region_names[code], view.row((code,))[figure]) for code in facts.geo.region_names
    ]
    values = {code: value if isinstance(value, int | float) else None for code, _name, value in rows}
    label = dict(MAP_FIGURES)[figure]
    context = _context(
        request,
        form,
        period,
        suppressed,
        figure_label=label,
        tile_map=maps.tile_map(values, facts.geo.region_names, str(label)),
        boundary_map=maps.boundary_map(values, str(label)),
        rows=rows,
    )
    return render(request, "insights/map.html", context)


@login_required
def flow(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    form = PeriodForm(request.GET or None)
    period = _period(form)
    context = _context(
        request, form, period, suppressed, table=pages.flow_table(period, suppressed=suppressed)
    )
    return render(request, "insights/flow.html", context)


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    period = _period(PeriodForm(request.GET or None))
    return _download(
        exports.to_csv(period, suppressed=suppressed),
        "text/csv; charset=utf-8",
        f"landelijk-beeld-{period.label}.csv",
    )


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    period = _period(PeriodForm(request.GET or None))
    return _download(
        exports.to_xlsx(period, suppressed=suppressed),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"landelijk-beeld-{period.label}.xlsx",
    )


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    suppressed = _require(request)
    period = _period(PeriodForm(request.GET or None))
    return _download(
        exports.to_pdf(period, suppressed=suppressed),
        "application/pdf",
        f"landelijk-beeld-{period.label}.pdf",
    )


@login_required
def research_csv(request: HttpRequest) -> HttpResponse:
    _require(request, "insights.export_research")
    from opvangnet.insights.research import research_csv as build

    period = _period(PeriodForm(request.GET or None))
    return _download(build(period), "text/csv; charset=utf-8", f"onderzoek-ctdc-{period.label}.csv")
