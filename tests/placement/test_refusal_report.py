"""The refusal report counts what a person would count by hand, and hides small cells from aggregate roles."""

from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.placement import services
from opvangnet.placement.models import Proposal, ProposalOutcome
from opvangnet.placement.queries import refusal_report
from tests.builders import make_offer, make_request
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def refuse(cast: Cast, how: str, reason: str, *, when: datetime, **request: object) -> None:
    coordinator = cast.bob if request.get("region") == cast.rijnmond else cast.alice
    care_type = str(request.pop("care_type", "crisis"))
    offer = make_offer(cast.secret_a, care_type=care_type)
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
    report = refusal_report(date(2026, 3, 1), date(2026, 3, 31), suppress=False)
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
    everything = refusal_report(None, None, suppress=False)
    assert everything.total == 9


def test_policy_makers_see_small_cells_suppressed(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.paul)
    response = client.get(reverse("placement:refusals"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.suppressed
    assert all(row["shown"] in ("<5", "×") for row in report.rows)
    assert report.by_outcome_shown["declined_by_client"] == "<5"
    assert ">3<" not in response.content.decode()


def test_a_single_hidden_cell_gets_a_second_one_hidden_with_it() -> None:
    from opvangnet.placement.queries import suppress_small_cells

    rows = [
        {"outcome": "declined_by_provider", "count": 2, "shown": "2"},
        {"outcome": "declined_by_provider", "count": 9, "shown": "9"},
        {"outcome": "declined_by_provider", "count": 12, "shown": "12"},
    ]
    totals = suppress_small_cells(rows, {"declined_by_provider": 23})
    assert [row["shown"] for row in rows] == ["<5", "×", "12"]
    assert totals == {"declined_by_provider": "23"}


def test_coordinators_see_exact_figures(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.alice)
    report = client.get(reverse("placement:refusals")).context["report"]
    assert not report.suppressed
    assert {row["shown"] for row in report.rows} >= {"3", "1"}


def test_an_end_before_the_start_is_a_clear_form_error(refusals: Cast, client: Client) -> None:
    client.force_login(refusals.alice)
    response = client.get(reverse("placement:refusals"), {"start": "2026-03-31", "end": "2026-03-01"})
    assert response.context["form"].errors["end"]
    assert response.context["report"].total == 9  # meanwhile the whole history is shown


def test_a_coarser_breakdown_adds_the_other_dimensions_up(refusals: Cast, client: Client) -> None:
    report = refusal_report(date(2026, 3, 1), date(2026, 3, 31), suppress=False, breakdown=("care_type",))
    addiction = [row for row in report.rows if row["reason"] == "addiction"]
    assert {(row["care_type"], row["count"]) for row in addiction} == {("crisis", 3), ("long_term", 1)}
    assert all(row["gender"] == "" and row["region"] == "" for row in report.rows)
    client.force_login(refusals.paul)
    page = client.get(reverse("placement:refusals"))
    assert page.context["report"].breakdown == ("care_type",)
