"""Pages of the national picture: thin views over `pages`, `publish` and `exports`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opvangnet.core import disclosure
from opvangnet.core.periods import Period, default_period
from opvangnet.insights import exports, maps, pages
from opvangnet.insights import figures as fig
from opvangnet.insights.forms import MAP_FIGURES, MapForm, PeriodForm, PointInTimeForm
from opvangnet.insights.publish import View
from opvangnet.insights.reconciliation import rounds_beside_registry

FormT = TypeVar("FormT", bound=PeriodForm)


def _require(request: HttpRequest, permission: str = "insights.view_picture") -> bool:
    """Raise 403 unless the user may see the picture; True when they see it suppressed."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return not request.user.has_perm("insights.view_exact_figures")


def _period(form: PeriodForm) -> Period:
    if form.is_valid() and form.cleaned_data.get("period"):
        return form.cleaned_data["period"]
    return default_period()


@dataclass(frozen=True)
class Asked(Generic[FormT]):
    """What every page and download of the picture starts from: the period asked for (`?period=`, else the
    default), its form, and whether the user sees the figures suppressed."""

    request: HttpRequest
    form: FormT
    period: Period
    suppressed: bool

    @classmethod
    def of(
        cls, request: HttpRequest, form_class: type[FormT], permission: str = "insights.view_picture"
    ) -> Asked[FormT]:
        """403 unless the user holds `permission`."""
        suppressed = _require(request, permission)
        form = form_class(request.GET or None)
        return cls(request, form, _period(form), suppressed)

    def render(self, template: str, **extra: Any) -> HttpResponse:
        context = {
            "form": self.form,
            "period": self.period,
            "suppressed": self.suppressed,
            "query": f"period={self.period.label}",
            "threshold": disclosure.threshold(),
            "threshold_below": disclosure.threshold() - 1,
            **extra,
        }
        return render(self.request, template, context)

    def render_remembered(
        self,
        template: str,
        page: str,
        compute: Callable[[], dict[str, Any]],
        parts: Sequence[str],
        **extra: Any,
    ) -> HttpResponse:
        """Render a page whose template remembers its body per `page_key` (`{% cache … page_key %}`): the
        `parts` of the context come from `compute()`, which runs only when that body is not remembered."""
        figures = SimpleLazyObject(compute)
        key = fig.page_key(page, self.request.GET.urlencode(), self.suppressed, get_language())
        lazy = {name: SimpleLazyObject(partial(_part, figures, name)) for name in parts}
        return self.render(template, page_key=key, **lazy, **extra)


def _part(figures: Any, name: str) -> Any:
    return figures[name]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures are worked out only when the page's remembered body (keyed by `fig.page_key`: the
    period, the disclosure and the language) is not there: each value below is lazy."""
    asked = Asked.of(request, PointInTimeForm)
    parts: tuple[str, ...] = ("key_figures", "tables", "trend", "others")
    # Regions' own figures are exact counts: only for those who see exact figures.
    parts += () if asked.suppressed else ("rounds",)
    return asked.render_remembered(
        "insights/dashboard.html",
        "dashboard",
        partial(_dashboard_figures, asked),
        parts,
        **({"rounds": None} if asked.suppressed else {}),
    )


def _dashboard_figures(asked: Asked[PointInTimeForm]) -> dict[str, Any]:
    period, suppressed = asked.period, asked.suppressed
    facts = fig.facts_for(period)
    day = pages.point_in_time_day(
        period, asked.form.cleaned_data.get("day") if asked.form.is_valid() else None, suppressed=suppressed
    )
    destinations, lengths, returns = pages.exit_tables(period, suppressed=suppressed)
    return dict(
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
        rounds=None if suppressed else rounds_beside_registry(period, None),
    )


@login_required
def region(request: HttpRequest, code: str) -> HttpResponse:
    asked = Asked.of(request, PeriodForm)
    period, suppressed = asked.period, asked.suppressed
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
    return asked.render(
        "insights/region.html",
        region_code=code,
        region_name=facts.geo.region_names[code],
        police_unit=fig.label("police_unit", facts.geo.police_of_region.get(code, ""), facts.geo),
        row=view.row((code,)),
        labels=pages.count_labels(),
        offers=[(offer, fig.label("care_type", offer.care_type, facts.geo)) for offer in offers],
        tables=tables,
        rounds=None if suppressed else rounds_beside_registry(period, [code]),
    )


@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    asked = Asked.of(request, PeriodForm)

    def figures() -> dict[str, Any]:
        facts = fig.facts_for(asked.period)
        return {
            "gaps": pages.gaps(facts, suppressed=asked.suppressed),
            "ambulant_gaps": pages.gaps(facts, suppressed=asked.suppressed, kind="ambulant"),
        }

    return asked.render_remembered("insights/gaps.html", "gaps", figures, ("gaps", "ambulant_gaps"))


@login_required
def region_map(request: HttpRequest) -> HttpResponse:
    asked = Asked.of(request, MapForm)
    figure = (asked.form.cleaned_data.get("figure") if asked.form.is_valid() else None) or MAP_FIGURES[0][0]
    label = dict(MAP_FIGURES)[figure]

    def figures() -> dict[str, Any]:
        facts = fig.facts_for(asked.period)
        view = View(facts, ("region",), suppressed=asked.suppressed)
        rows = [
            (code, facts.geo.region_names[code], view.row((code,))[figure]) for code in facts.geo.region_names
        ]
        values = {code: value if isinstance(value, int | float) else None for code, _name, value in rows}
        return {
            "tile_map": maps.tile_map(values, facts.geo.region_names, str(label)),
            "boundary_map": maps.boundary_map(values, str(label)),
            "rows": rows,
        }

    return asked.render_remembered(
        "insights/map.html", "map", figures, ("tile_map", "boundary_map", "rows"), figure_label=label
    )


@login_required
def flow(request: HttpRequest) -> HttpResponse:
    asked = Asked.of(request, PeriodForm)
    period, suppressed = asked.period, asked.suppressed
    return asked.render("insights/flow.html", table=pages.flow_table(period, suppressed=suppressed))


def _export(
    build: Callable[[Period, bool], bytes | str],
    content_type: str,
    filename: str,
    permission: str = "insights.view_picture",
) -> Callable[[HttpRequest], HttpResponse]:
    """A download of the picture for the period asked (`?period=`), as the user may see it; `filename` holds
    `{period}`."""

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        asked = Asked.of(request, PeriodForm, permission)
        response = HttpResponse(build(asked.period, asked.suppressed), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{filename.format(period=asked.period.label)}"'
        )
        return response

    return view


def _research_csv(period: Period, _suppressed: bool) -> str:
    """The research export protects its records itself (k-anonymity, see `research`), whoever downloads it."""
    from opvangnet.insights.research import research_csv

    return research_csv(period)


export_csv = _export(
    lambda period, suppressed: exports.to_csv(period, suppressed=suppressed),
    "text/csv; charset=utf-8",
    "landelijk-beeld-{period}.csv",
)
export_xlsx = _export(
    lambda period, suppressed: exports.to_xlsx(period, suppressed=suppressed),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "landelijk-beeld-{period}.xlsx",
)
report_pdf = _export(
    lambda period, suppressed: exports.to_pdf(period, suppressed=suppressed),
    "application/pdf",
    "landelijk-beeld-{period}.pdf",
)
research_csv = _export(
    _research_csv, "text/csv; charset=utf-8", "onderzoek-ctdc-{period}.csv", "insights.export_research"
)
