"""The start page is each role's work list: its own items only, overdue first, in bounded queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opvangnet.accounts.roles import Role
from opvangnet.accounts.services import request_role_change
from opvangnet.capacity.models import Offer
from opvangnet.identification.models import Application, Case
from opvangnet.placement import services as placement
from opvangnet.placement.models import PlacementRequest, Proposal
from opvangnet.worklist.items import work_list
from tests.builders import make_offer, make_request, make_user
from tests.identification.builders import make_application, make_case
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def aged(request: Any, **delta: float) -> Any:
    """Pretend the request was registered `delta` ago."""
    PlacementRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - dt.timedelta(**delta))
    request.refresh_from_db()
    return request


def section(sections: list[Any], key: str) -> Any:
    return next(s for s in sections if s.key == key)


def keys(user: Any) -> list[str]:
    return [s.key for s in work_list(user)]


def test_a_crisis_request_waiting_longer_than_a_day_is_overdue_and_comes_first(cast: Cast) -> None:
    planned = aged(make_request(cast.alice, urgency="planned"), days=3)  # allowed 28 days
    week = aged(make_request(cast.alice, urgency="week"), days=6)  # allowed 7 days
    crisis = aged(make_request(cast.alice, urgency="today"), days=15)  # allowed 1 day
    fresh = aged(make_request(cast.alice, urgency="today"), hours=2)
    aged(make_request(cast.bob, urgency="today"), days=30)  # another region
    requests = section(work_list(cast.alice), "requests")
    assert [item.label for item in requests.items] == [
        crisis.client_code,
        fresh.client_code,
        week.client_code,
        planned.client_code,
    ]
    assert [item.overdue for item in requests.items] == [True, False, False, False]
    assert (requests.count, requests.overdue) == (4, 1)
    assert [item.note for item in requests.items[:2]] == ["wacht 15 dagen", "wacht 2 uur"]
    # The coordinator of the other region sees only that region's request.
    assert section(work_list(cast.bob), "requests").count == 1
    assert crisis.is_overdue()
    assert not fresh.is_overdue()
    assert set(PlacementRequest.objects.overdue()) == {
        crisis,
        PlacementRequest.objects.get(region=cast.rijnmond),
    }


def test_the_national_coordinator_sees_every_region_and_the_referrals_without_a_case(cast: Cast) -> None:
    aged(make_request(cast.alice), days=2)
    aged(make_request(cast.bob), days=3)
    urgent = make_application(cast.rick, urgency="urgent")
    Application.objects.filter(pk=urgent.pk).update(received_at=timezone.now() - dt.timedelta(days=700))
    normal = make_application(cast.rick, urgency="normal")
    sections = work_list(cast.nina)
    requests = section(sections, "requests")
    assert (requests.count, requests.overdue) == (2, 2)
    assert "Rotterdam-Rijnmond" in requests.items[0].detail  # the longest wait first, with its region
    referrals = section(sections, "referrals")
    assert [item.label for item in referrals.items] == [urgent.reference, normal.reference]
    assert [item.overdue for item in referrals.items] == [True, False]
    assert referrals.items[0].url == reverse("identification:application", args=[urgent.pk])
    # A coordinator does not handle referrals.
    assert "referrals" not in keys(cast.alice)


def test_the_provider_answers_only_its_own_proposals_and_sees_its_stale_offers(cast: Cast) -> None:
    own = make_offer(cast.secret_a, name="Crisis A")
    other = make_offer(cast.secret_b, name="Crisis B")
    stale = make_offer(cast.public_a, name="Stil aanbod", care_type="ambulant")
    Offer.objects.filter(pk=stale.pk).update(availability_updated_at=timezone.now() - dt.timedelta(days=3))
    to_a = placement.propose(cast.alice, aged(make_request(cast.alice), days=2), own)
    placement.propose(cast.alice, make_request(cast.alice), other)
    carol = work_list(cast.carol)
    answer = section(carol, "to_answer")
    assert [item.label for item in answer.items] == [to_a.request.client_code]
    assert answer.items[0].overdue
    assert answer.items[0].url.endswith(f"#proposal-{to_a.pk}")
    assert [item.label for item in section(carol, "stale").items] == ["Stil aanbod"]
    assert [s.key for s in carol][:2] == ["to_answer", "stale"]
    assert section(work_list(cast.dave), "to_answer").count == 1
    # The coordinator follows both proposals, the overdue request's first.
    waiting = section(work_list(cast.alice), "proposals")
    assert next(item.label for item in waiting.items) == to_a.request.client_code


def test_a_hold_about_to_run_out_is_on_the_coordinators_list(cast: Cast) -> None:
    offer = make_offer(cast.secret_a)
    proposal = placement.propose(cast.alice, make_request(cast.alice), offer)
    placement.accept_proposal(cast.carol, proposal)
    assert section(work_list(cast.alice), "holds").count == 0  # 90 minutes left
    Proposal.objects.filter(pk=proposal.pk).update(hold_until=timezone.now() + dt.timedelta(minutes=20))
    holds = section(work_list(cast.alice), "holds")
    assert [item.label for item in holds.items] == [proposal.request.client_code]
    assert not holds.items[0].overdue
    Proposal.objects.filter(pk=proposal.pk).update(hold_until=timezone.now() - dt.timedelta(minutes=1))
    assert section(work_list(cast.alice), "holds").items[0].overdue
    assert section(work_list(cast.bob), "holds").count == 0


def test_an_assessor_sees_the_deadlines_of_own_cases_only(cast: Cast) -> None:
    members = [make_user(name, Role.ASSESSOR) for name in ("olga", "sam", "tess")]
    case = make_case(cast.nina, cast.rick, cast.ada, *members)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(days=2))
    deadlines = section(work_list(cast.ada), "deadlines")
    assert [(item.label, item.overdue) for item in deadlines.items] == [(case.reference, True)]
    assert section(work_list(make_user("zoe", Role.ASSESSOR)), "deadlines").count == 0


def test_an_administrator_sees_role_changes_another_administrator_asked_for(cast: Cast) -> None:
    other = make_user("bert", Role.ADMINISTRATOR, is_staff=True)
    request_role_change(other, cast.paul, role=Role.NATIONAL_COORDINATOR, reason="Nieuwe functie")
    assert [item.label for item in section(work_list(cast.bea), "role_changes").items] == [
        cast.paul.get_full_name() or cast.paul.username
    ]
    assert section(work_list(other), "role_changes").count == 0  # the asker cannot approve it


def test_roles_without_work_get_an_empty_list_and_their_links(cast: Cast, client: Client) -> None:
    for user in (cast.paul, cast.ines, cast.rick):
        assert work_list(user) == []
        client.force_login(user)
        response = client.get(reverse("worklist:home"))
        assert response.status_code == 200
        assert "Niets te doen" in response.content.decode()


def test_the_start_page_shows_the_list_overdue_first_with_the_links_beside_it(
    cast: Cast, client: Client
) -> None:
    crisis = aged(make_request(cast.alice), days=15)
    client.force_login(cast.alice)
    page = client.get("/").content.decode()
    assert page.index(crisis.client_code) < page.index("Niets te doen")  # empty sections after full ones
    assert "Te laat" in page
    assert "wacht 15 dagen" in page
    assert reverse("placement:intake") in page  # the role's pages, beside the list


@pytest.mark.parametrize("rows", [1, 12])
def test_the_start_page_costs_the_same_queries_for_one_row_or_many(
    cast: Cast, client: Client, django_assert_max_num_queries: Any, rows: int
) -> None:
    offer = make_offer(cast.secret_a)
    for number in range(rows):
        request = aged(make_request(cast.alice), days=number)
        placement.propose(cast.alice, request, offer)
        make_application(cast.rick, urgency="urgent")
    for user, most in ((cast.alice, 17), (cast.carol, 12), (cast.nina, 18)):
        client.force_login(user)
        with django_assert_max_num_queries(most):
            assert client.get("/").status_code == 200


def test_reflection_periods_ending_soon_or_ended_are_listed_soonest_first(cast: Cast) -> None:
    today = timezone.localdate()

    def in_reflection(coordinator: Any, days: int, **extra: Any) -> Any:
        end = today + dt.timedelta(days=days)
        return make_request(coordinator, b8_status="reflection", reflection_period_end=end, **extra)

    ended = in_reflection(cast.alice, -2)
    soon = in_reflection(cast.alice, 5)
    in_reflection(cast.alice, 40)  # far off: not yet anyone's task
    cancelled = in_reflection(cast.alice, 3)
    placement.cancel_request(cast.alice, cancelled, "no_longer_needed")
    in_reflection(cast.bob, 1)  # another region
    reflection = section(work_list(cast.alice), "reflection")
    assert [item.label for item in reflection.items] == [ended.client_code, soon.client_code]
    assert [item.overdue for item in reflection.items] == [True, False]
    assert (reflection.count, reflection.overdue) == (2, 1)
    assert section(work_list(cast.nina), "reflection").count == 3  # the country's, across regions
    assert "reflection" not in keys(cast.carol)  # a provider plans no onward flow
