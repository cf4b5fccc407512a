"""The refusal report counts what a person would count by hand, and hides small cells from aggregate roles."""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.core.periods import parse_period
from opvangnet.placement import services
from opvangnet.placement.models import Proposal, ProposalOutcome
from opvangnet.placement.queries import refusal_reasons_chart, refusal_report
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def refuse(cast: Cast, how: str, reason: str, *, when: datetime, **request: object) -> None:
    coordinator = cast.bob if request.get("region") == cast.rijnmond else cast.alice
    care_type = str(request.pop("care_type", "crisis"))
    offer = make_offer(cast.secret_a, care_type=care_type)
    if reason == "addiction":  # a refusal for addiction that the request does not mention needs a comment
        request.setdefault("needs", ["addiction"])
    placement = make_request(coordinator, care_type=care_type, **request)
    proposal = services.propose(coordinator, placement, offer)
    if how == "provider":
        services.decline_proposal(cast.carol, proposal, reason)
    elif how == "client":
        services.withdraw(coordinator, placement, ProposalOutcome.DECLINED_BY_CLIENT, reason)
    else:
        services.cancel_request(coordinator, placement, reason)
    Proposal.objects.filter(pk=proposal.pk).update(decided_at=when)


@pytest.fixture
def refusals(cast: Cast) -> Cast:
    """By hand: in March 2026, 3 addiction refusals of men 30 (Amsterdam, crisis), 1 addiction refusal of a
    woman 19 (Rijnmond, long-term), 2 'full' of women 30 (Amsterdam, crisis), 1 client 'too far' (Amsterdam),
    1 coordinator cancel (Amsterdam); and 1 'full' in January 2026 outside the period."""
    march = timezone.make_aware(datetime(2026, 3, 10, 12))
    for _ in range(3):
        refuse(cast, "provider", "addiction", when=march, gender="man", age=30)
    refuse(
        cast,
        "provider",
        "addiction",
        when=march,
        gender="woman",
        age=19,
        region=cast.rijnmond,
        care_type="long_term",
    )
    for _ in range(2):
        refuse(cast, "provider", "full", when=march)
    refuse(cast, "client", "too_far", when=march)
    refuse(cast, "coordinator", "duplicate", when=march)
    refuse(cast, "provider", "full", when=timezone.make_aware(datetime(2026, 1, 5, 9)))
    return cast


def cell(report: object, **match: str) -> int:
    return sum(row["count"] for row in report.rows if all(row[k] == v for k, v in match.items()))  # type: ignore[attr-defined]


def test_the_figures_equal_the_hand_count(refusals: Cast) -> None:
    report = refusal_report(parse_period("2026-03"), suppress=False)
    assert report.total == 8
    assert report.by_outcome == {
        "declined_by_provider": 6,
        "declined_by_client": 1,
        "cancelled_by_coordinator": 1,
    }
    assert cell(report, reason="addiction") == 4
    assert (
        cell(report, reason="addiction", gender="man", age_group="adult", region="VO04", care_type="crisis")
        == 3
    )
    assert cell(report, reason="addiction", gender="woman", age_group="young_adult", region="VO28") == 1
    assert cell(report, reason="full") == 2
    assert cell(report, outcome="declined_by_client", reason="too_far") == 1
    everything = refusal_report(None, suppress=False)
    assert everything.total == 9


def test_policy_makers_see_small_cells_suppressed(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.paul)
    response = client.get(reverse("placement:refusals"), {"period": "2026-03"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.suppressed
    assert all(row["shown"] in ("<5", "x") for row in report.rows)
    assert report.by_outcome_shown["declined_by_client"] in ("<5", "x")  # 1 + 1 under a shown 8 is relabelled
    assert ">3<" not in response.content.decode()


def test_a_single_hidden_cell_gets_a_second_one_hidden_with_it(cast: Cast) -> None:
    """Two refusals for full and nine for safety under the provider's total: the small one takes another."""
    march = timezone.make_aware(datetime(2026, 3, 10, 12))
    for _ in range(2):
        refuse(cast, "provider", "full", when=march)
    for _ in range(9):
        refuse(cast, "provider", "safety", when=march)
    report = refusal_report(parse_period("2026-03"), suppress=True, breakdown=())
    assert [row["shown"] for row in report.rows] == ["<5", "x"]
    assert report.by_outcome_shown == {"declined_by_provider": "11"}


def test_coordinators_see_exact_figures(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.alice)
    report = client.get(reverse("placement:refusals")).context["report"]
    assert not report.suppressed
    assert {row["shown"] for row in report.rows} >= {"3", "1"}


def test_a_day_range_is_refused_with_a_clear_form_error(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.paul)
    response = client.get(reverse("placement:refusals"), {"period": "2026-03-01..2026-03-30"})
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert response.context["report"].total == 9  # meanwhile the whole history is shown


def test_the_report_uses_the_one_disclosure_module(refusals: Cast) -> None:
    from opvangnet.core import disclosure

    report = refusal_report(parse_period("2026"), suppress=True)
    values: dict[tuple[str, object], int] = {("row", i): row["count"] for i, row in enumerate(report.rows)}
    shown: dict[tuple[str, object], disclosure.Cell] = {
        ("row", i): disclosure.Cell(row["count"], row["shown"]) for i, row in enumerate(report.rows)
    }
    for outcome, total in report.by_outcome.items():
        values[("outcome", outcome)] = total
        shown[("outcome", outcome)] = disclosure.Cell(total, report.by_outcome_shown[outcome])
    relations = [
        (("outcome", outcome), [("row", i) for i, row in enumerate(report.rows) if row["outcome"] == outcome])
        for outcome in report.by_outcome
    ]
    assert disclosure.audit(shown, relations) == []


def test_a_coarser_breakdown_adds_the_other_dimensions_up(refusals: Cast, client: Client) -> None:
    report = refusal_report(parse_period("2026-03"), suppress=False, breakdown=("care_type",))
    addiction = [row for row in report.rows if row["reason"] == "addiction"]
    assert {(row["care_type"], row["count"]) for row in addiction} == {("crisis", 3), ("long_term", 1)}
    assert all(row["gender"] == "" and row["region"] == "" for row in report.rows)
    client.force_login(refusals.paul)
    page = client.get(reverse("placement:refusals"))
    assert page.context["report"].breakdown == ("care_type",)


def test_the_report_opens_with_the_most_frequent_reasons_and_a_chart(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.alice)
    response = client.get(reverse("placement:refusals"), {"period": "2026-03"})
    report = response.context["report"]
    assert [(row["reason"], row["count"]) for row in report.top_reasons(2)] == [("addiction", 4), ("full", 2)]
    page = response.content.decode()
    assert response.context["chart"].startswith("data:image/svg+xml")
    # The summary first; the full breakdown folded away below it.
    assert page.index("Meest genoemde redenen") < page.index('<details class="fold">')
    assert page.index('<details class="fold">') < page.index("refusal-table")


def test_the_reason_totals_are_protected_together_with_the_rows(refusals: Cast) -> None:
    report = refusal_report(parse_period("2026-03"), suppress=True)
    assert {row["reason"]: row["shown"] for row in report.reasons}["addiction"] in ("<5", "x")
    assert all(row["hidden"] for row in report.reasons)  # every reason counts fewer than 5 here
    assert refusal_reasons_chart(report) is None  # nothing that may be shown, so nothing to draw
