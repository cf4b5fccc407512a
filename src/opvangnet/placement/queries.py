"""Read side of placement: live candidates, the waiting list and its optimal assignment, the refusals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opvangnet.capacity.models import Offer
from opvangnet.core import charts, disclosure
from opvangnet.core.periods import Period
from opvangnet.placement import engine, offer_columns
from opvangnet.placement import figures as placement_figures
from opvangnet.placement.adapters import request_record
from opvangnet.placement.engine import texts as engine_texts
from opvangnet.placement.engine.matching import score_units_array
from opvangnet.placement.models import (
    REASONS_BY_OUTCOME,
    PlacementRequest,
    PlacementRequestQuerySet,
    Proposal,
    ProposalOutcome,
    RequestStatus,
)
from opvangnet.regions.models import Organisation, OrganisationKind, Region
from opvangnet.vocabulary import LANGUAGES, AgeGroup, CareType, Gender, age_group

BREAKDOWNS = ("gender", "age_group", "region", "care_type")


@dataclass
class CandidateRow:
    offer: Offer
    score: float
    reasons: list[str]


@dataclass
class Candidates:
    fitting: list[CandidateRow]
    # The offers that do not fit, closest first: fewest rules broken, then best placed for this request.
    excluded: list[tuple[Offer, list[str]]]
    excluded_by_rule: dict[str, int]
    rule_counts: list[tuple[str, int, str]] = field(default_factory=list)  # code, count, sentence
    near_misses: list[tuple[Offer, list[str]]] = field(default_factory=list)  # exactly one rule broken
    national_phone: str = ""


def _rule_sentence(code: str, count: int, request: engine.Request, lang: str) -> str:
    """ "152 nemen geen mannen op": how many offers break one rule, in words."""
    values = {"count": count, "gender": engine_texts.LABELS[lang][request.gender]}
    sentences = {
        "care_type": ngettext(
            "%(count)s offers another care type", "%(count)s offer another care type", count
        ),
        "exploitation": ngettext(
            "%(count)s does not serve this form of exploitation",
            "%(count)s do not serve this form of exploitation",
            count,
        ),
        "gender": ngettext("%(count)s takes no %(gender)s", "%(count)s take no %(gender)s", count),
        "age": ngettext("%(count)s is not for this age", "%(count)s are not for this age", count),
        "children": ngettext(
            "%(count)s has no room for children", "%(count)s have no room for children", count
        ),
        "needs": ngettext(
            "%(count)s does not support the needs asked", "%(count)s do not support the needs asked", count
        ),
        "security": ngettext("%(count)s has no high security", "%(count)s have no high security", count),
        "avoid_region": ngettext(
            "%(count)s lies in a region to avoid", "%(count)s lie in a region to avoid", count
        ),
        "admission_route": ngettext(
            "%(count)s admits only people in its admission route (B8/3 through CoMensha)",
            "%(count)s admit only people in their admission route (B8/3 through CoMensha)",
            count,
        ),
        "no_free_place": ngettext("%(count)s has no free place", "%(count)s have no free place", count),
    }
    return sentences[code] % values


def _closest_first(
    result: engine.MatchResult, columns: engine.OfferColumns, request: engine.Request, points: Any, limit: int
) -> tuple[list[engine.Exclusion], list[int]]:
    """The `limit` excluded offers that come closest: fewest rules broken, then the best score they would
    have (proximity, language, free places), then offer id; with the number of rules each breaks."""
    excluded = result.excluded
    if not isinstance(excluded, engine.Exclusions) or not len(excluded):
        items = sorted(excluded, key=lambda e: len(e.why_not))[:limit]
        return items, [len(e.why_not) for e in items]
    codes = excluded.codes.astype(np.uint16)
    broken = np.unpackbits(codes.view(np.uint8).reshape(-1, 2), axis=1).sum(axis=1)
    units = score_units_array(columns, request, excluded.positions, points)
    order = np.lexsort((columns.id_rank[excluded.positions], -units.astype(np.int64), broken))[:limit]
    return [excluded[int(i)] for i in order], [int(broken[i]) for i in order]


class _Wording:
    """The engine's reasons with names where it writes codes: regions by name, languages in words.

    The pure core names regions and languages by code (`VO04 → VO34`, `en`); people read names."""

    def __init__(self, request: engine.Request, points: Any) -> None:
        self.request = request
        self.points = points
        self.region_names = dict(Region.objects.values_list("code", "name"))

    def region(self, code: str) -> str:
        return self.region_names.get(code, code)

    def text(self, reason: engine.Reason, offer: Offer) -> str:
        request = self.request
        code = offer.location.municipality.region.code
        if reason.code == "language":
            common = sorted(request.languages & set(offer.language_codes()))
            if common:
                names = ", ".join(str(LANGUAGES.get(language, language)) for language in common)
                return _("Language in common: %(languages)s.") % {"languages": names}
        elif reason.code == "home_region":
            return _("In the own region (%(region)s).") % {"region": self.region(request.home_region)}
        elif reason.code == "distance" and request.home_region in self.points and code in self.points:
            km = round(engine.distance_km(self.points[request.home_region], self.points[code]))
            return _("%(km)s km from the own region (%(home)s to %(region)s).") % {
                "km": km,
                "home": self.region(request.home_region),
                "region": self.region(code),
            }
        elif reason.code == "avoid_region":
            return _("Lies in %(region)s, a region to avoid.") % {"region": self.region(code)}
        return reason.text


def candidates(
    request: engine.Request, viewer: Any, lang: str, limit: int = 25, alternatives: int = 10
) -> Candidates:
    """Rank every active offer the viewer may see for this request, and say why the others do not fit.

    The offers' rules and free places come from this process's columns (`offer_columns.current()`, which
    checks with two tiny queries that they are current); one query asks which offers the viewer may see and
    one loads the rows shown. The why-not comes as counts per rule, then the offers closest to fitting
    (`alternatives` of them: fewest rules broken first, so the near misses that break one rule lead).
    """
    offer_set = offer_columns.current()
    visible = Offer.objects.visible_to(viewer).active().order_by().values_list("pk", flat=True)
    columns = offer_set.restricted_to(visible)
    result = engine.match(request, columns, offer_set.points, lang)
    fitting = result.candidates[:limit]
    excluded, broken = _closest_first(result, columns, request, offer_set.points, alternatives)
    shown = [int(c.offer) for c in fitting] + [int(e.offer) for e in excluded]
    # Every id shown comes from `visible`, so the rows need no second scoping (which costs a subquery).
    rows = Offer.objects.select_related("location__organisation", "location__municipality__region").in_bulk(
        shown
    )
    by_rule = (
        result.excluded.count_by_rule()
        if isinstance(result.excluded, engine.Exclusions)
        else dict(Counter(reason.code for e in result.excluded for reason in e.why_not))
    )
    wording = _Wording(request, offer_set.points)
    closest = [
        (rows[int(e.offer)], [wording.text(reason, rows[int(e.offer)]) for reason in e.why_not], count)
        for e, count in zip(excluded, broken, strict=True)
        if int(e.offer) in rows
    ]
    national_phone = ""
    if not result.candidates:
        national_phone = (
            Organisation.objects.filter(kind=OrganisationKind.NATIONAL_COORDINATION)
            .exclude(phone_24_7="")
            .values_list("phone_24_7", flat=True)
            .first()
            or ""
        )
    return Candidates(
        [
            CandidateRow(
                rows[int(c.offer)],
                c.score,
                [wording.text(reason, rows[int(c.offer)]) for reason in c.reasons],
            )
            for c in fitting
            if int(c.offer) in rows
        ],
        [(offer, reasons) for offer, reasons, _count in closest],
        by_rule,
        rule_counts=[
            (code, by_rule[code], _rule_sentence(code, by_rule[code], request, lang))
            for code in engine.HARD_CONSTRAINTS
            if by_rule.get(code)
        ],
        near_misses=[(offer, reasons) for offer, reasons, count in closest if count == 1],
        national_phone=national_phone,
    )


@dataclass
class Suggestion:
    request: PlacementRequest
    offer: Offer | None
    why: str


def suggested_assignment(
    waiting: PlacementRequestQuerySet, viewer: Any, lang: str
) -> tuple[list[Suggestion], bool]:
    """The optimal assignment of the open requests to the free places the viewer may see.

    The offers come from this process's columns (see `candidates`); queries: the open requests, the visible
    offers' ids, and the offers assigned.
    """
    open_requests = list(waiting.filter(status=RequestStatus.OPEN).select_related("region"))
    if not open_requests:
        return [], True
    offer_set = offer_columns.current()
    # All visible active offers, full or not: the engine leaves out those without a free place itself, and the
    # same set as the candidate list's keeps this process's columns (and their masks) instead of a subset.
    visible = Offer.objects.visible_to(viewer).active().order_by().values_list("pk", flat=True)
    records = [request_record(placement) for placement in open_requests]
    result = engine.assign(records, offer_set.restricted_to(visible), offer_set.points, lang)
    by_id = Offer.objects.select_related("location__municipality").in_bulk(
        [int(a.offer) for a in result.assignments]
    )
    by_code = {placement.client_code: placement for placement in open_requests}
    suggestions = [
        Suggestion(by_code[a.request], by_id[int(a.offer)], "")
        for a in result.assignments
        if int(a.offer) in by_id
    ]
    suggestions += [
        Suggestion(by_code[u.request], None, " ".join(reason.text for reason in u.why))
        for u in result.unplaced
    ]
    return suggestions, result.optimal


@dataclass
class RefusalReport:
    period: Period | None
    total: int
    total_shown: str
    by_outcome: dict[str, int]
    by_outcome_shown: dict[str, str]
    rows: list[dict[str, Any]]  # one per outcome × reason × the chosen breakdown
    suppressed: bool
    breakdown: tuple[str, ...] = BREAKDOWNS
    # One per outcome × reason, the breakdown added up, most frequent first: the report's summary.
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def top_reasons(self, count: int = 5) -> list[dict[str, Any]]:
        return self.reasons[:count]


REASONS_IN_CHART = 10


def refusal_reasons_chart(report: RefusalReport) -> str | None:
    """Horizontal bars of the most frequent reasons that may be shown (a hidden count is left out of the
    chart; the table beside it says "<5"); None when there is nothing to draw."""
    shown = [row for row in report.reasons if not row["hidden"]][:REASONS_IN_CHART]
    if not shown:
        return None
    return charts.light_bar_chart(
        [f"{row['reason_label']} ({row['outcome_label'].lower()})" for row in shown],
        [charts.Series(_("Refusals"), tuple(float(row["count"]) for row in shown))],
        value_label=_("number"),
        horizontal=True,
    )


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value  # "" for an added-up dimension


def refusal_report(
    period: Period | None, *, suppress: bool, breakdown: tuple[str, ...] = BREAKDOWNS
) -> RefusalReport:
    """Every refusal (declined by provider or client, cancelled by the coordinator) decided in the whole
    period (all of history when None), counted by outcome and reason and by the chosen breakdown of gender,
    age group, requesting region and care type (the others are added up). One query; suppression through
    `core.disclosure` (outcome totals and the grand total are the relations)."""
    refusals = (
        placement_figures.refusals_in(period)
        if period
        else Proposal.objects.refusals().filter(decided_at__isnull=False)
    )
    counts: Counter[tuple[str, str, str, str, str, str]] = Counter()
    names: dict[str, str] = {}
    for outcome, reason, gender, age, region, region_name, care_type in refusals.values_list(
        "outcome",
        "reason",
        "request__gender",
        "request__age",
        "request__region__code",
        "request__region__name",
        "offer__care_type",
    ):
        group = age_group(age)
        values = {"gender": gender, "age_group": group, "region": region, "care_type": care_type}
        kept = [values[name] if name in breakdown else "" for name in BREAKDOWNS]
        counts[(outcome, reason, kept[0], kept[1], kept[2], kept[3])] += 1
        names[region] = region_name
    keys = sorted(counts)
    by_outcome: Counter[str] = Counter()
    for (outcome, *_rest), count in counts.items():
        by_outcome[outcome] += count
    by_reason: Counter[tuple[str, str]] = Counter()
    for (outcome, reason, *_rest), count in counts.items():
        by_reason[(outcome, reason)] += count
    cells = _protect(keys, counts, by_outcome, suppress, by_reason)
    rows = [
        {
            "outcome": outcome,
            "reason": reason,
            "outcome_label": str(ProposalOutcome(outcome).label),
            "reason_label": _label(REASONS_BY_OUTCOME[outcome], reason),
            "gender": gender,
            "gender_label": _label(Gender, gender),
            "age_group": group,
            "age_group_label": _label(AgeGroup, group),
            "region": region,
            "region_name": names.get(region, ""),
            "care_type": care_type,
            "care_type_label": _label(CareType, care_type),
            "count": counts[key],
            "shown": cells[("row", key)].text,
        }
        for key in keys
        for (outcome, reason, gender, group, region, care_type) in [key]
    ]
    return RefusalReport(
        period,
        sum(counts.values()),
        cells[("total",)].text,
        dict(by_outcome),
        {outcome: cells[("outcome", outcome)].text for outcome in by_outcome},
        rows,
        suppress,
        breakdown,
        [
            {
                "outcome": outcome,
                "reason": reason,
                "outcome_label": str(ProposalOutcome(outcome).label),
                "reason_label": _label(REASONS_BY_OUTCOME[outcome], reason),
                "count": count,
                "shown": cells[("reason", outcome, reason)].text,
                "hidden": cells[("reason", outcome, reason)].hidden,
            }
            # Most frequent first by what may be shown; hidden counts last in a fixed order, so that their
            # place in the list tells nothing about them.
            for (outcome, reason), count in sorted(
                by_reason.items(),
                key=lambda item: (
                    cells[("reason", *item[0])].hidden,
                    0 if cells[("reason", *item[0])].hidden else -item[1],
                    item[0],
                ),
            )
        ],
    )


def _protect(
    keys: Sequence[tuple[str, ...]],
    counts: Counter[Any],
    by_outcome: Counter[str],
    suppress: bool,
    by_reason: Counter[tuple[str, str]],
) -> dict[tuple[Any, ...], disclosure.Cell]:
    """The report's cells as they may be shown: each row, each reason's total (the breakdown added up),
    each outcome's total and the grand total, protected together so that no two can be subtracted."""
    values: dict[tuple[Any, ...], int] = {("row", key): counts[key] for key in keys}
    values.update({("reason", *pair): count for pair, count in by_reason.items()})
    values.update({("outcome", outcome): count for outcome, count in by_outcome.items()})
    values[("total",)] = sum(by_outcome.values())
    relations: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = [
        (("outcome", outcome), [("row", key) for key in keys if key[0] == outcome]) for outcome in by_outcome
    ]
    relations += [
        (("reason", *pair), [("row", key) for key in keys if (key[0], key[1]) == pair]) for pair in by_reason
    ]
    relations += [
        (("outcome", outcome), [("reason", *pair) for pair in by_reason if pair[0] == outcome])
        for outcome in by_outcome
    ]
    relations.append((("total",), [("outcome", outcome) for outcome in by_outcome]))
    return disclosure.protect(values, relations, hide=suppress)
