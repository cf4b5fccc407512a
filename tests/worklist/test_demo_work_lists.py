"""Acceptance: every role's start page in the seeded demo shows its work list, overdue items first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import User
from opvangnet.worklist.items import work_list

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "zorgcoordinator",
    "aanbieder",
    "landelijk",
    "beleidsmaker",
    "beoordelaar",
    "ind",
    "beheerder",
    "ketenpartner",
    "cosm",
    "omm",
    "mannenopvang",
    "gemeente",
    "koepel",
]


def overdue_first(sections: list[Any]) -> bool:
    """Sections with overdue items before those without, and within each its overdue items first."""
    flags = [section.overdue > 0 for section in sections]
    if flags != sorted(flags, reverse=True):
        return False
    return all(
        [item.overdue for item in s.items] == sorted((i.overdue for i in s.items), reverse=True)
        for s in sections
    )


@pytest.fixture
def demo(seeded_demo: None, db: None) -> None:
    """The demo country, seeded once for this module (tests/conftest.py)."""


def test_every_demo_login_opens_its_work_list_with_overdue_items_first(demo: None, client: Client) -> None:
    for username in DEMO_LOGINS:
        user = User.objects.get(username=username)
        sections = work_list(user)
        assert overdue_first(sections), username
        client.force_login(user)
        response = client.get(reverse("worklist:home"))
        assert response.status_code == 200, username
        page = response.content.decode()
        assert "Werklijst" in page, username
        first_overdue = next((item for s in sections for item in s.items if item.overdue), None)
        if first_overdue is not None:
            # The first item on the page is an overdue one.
            first = next(item for s in sections for item in s.items)
            assert first.overdue, username
            assert page.index(first_overdue.label) < page.index("Uw pagina's"), username


def test_the_demo_coordinator_starts_with_the_crisis_request_that_waited_fifteen_days(
    demo: None, client: Client
) -> None:
    coordinator = User.objects.get(username="zorgcoordinator")
    requests = work_list(coordinator)[0]
    assert requests.key == "requests"
    first = requests.items[0]
    assert first.overdue
    assert "Vandaag" in first.detail
    assert first.note == "wacht 15 dagen"
    # The same request waits in the demo provider's list of proposals to answer, overdue first.
    provider = User.objects.get(username="aanbieder")
    to_answer = next(s for s in work_list(provider) if s.key == "to_answer")
    assert to_answer.items[0].label == first.label
    assert to_answer.items[0].overdue


def test_the_national_coordinator_sees_overdue_referrals_without_a_case(demo: None) -> None:
    national = work_list(User.objects.get(username="landelijk"))
    referrals = next(s for s in national if s.key == "referrals")
    assert referrals.overdue > 0
    assert referrals.items[0].overdue
    requests = next(s for s in national if s.key == "requests")
    assert requests.overdue > 0
    assert {item.label.split("-")[0] for item in requests.items} != {"VO04"}  # across regions


def test_the_demo_assessor_starts_with_an_overdue_case_and_has_one_due_soon(
    demo: None, client: Client
) -> None:
    assessor = User.objects.get(username="beoordelaar")
    sections = work_list(assessor)
    assert sections, "the demo assessor's work list is empty"
    first = sections[0].items[0]
    assert sections[0].key == "deadlines"
    assert first.overdue
    assert any(not item.overdue for item in sections[0].items)  # and one due soon, not yet overdue
    client.force_login(assessor)
    page = client.get(reverse("worklist:home")).content.decode()
    assert "Niets te doen" not in page
    assert page.index(first.label) < page.index("Uw pagina's")
