"""The seeded demo is believable: beds apart from ambulant help, waiting lists that add up, postcodes of the
right town, target groups that go together, and logins for the national categorical places."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.capacity.queries import overview_totals
from opvangnet.placement.models import PlacementRequest, Proposal, ProposalOutcome
from opvangnet.regions.demo import CATEGORICAL_PROVIDERS, postcode_fits
from opvangnet.regions.models import Location
from opvangnet.vocabulary import CareType

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded_demo: None, db: None) -> None:
    """The demo country, seeded once for this module (tests/conftest.py)."""


def test_every_demo_address_has_a_postcode_of_its_own_town(demo: None) -> None:
    wrong = [
        (location.name, location.postal_code, location.municipality.name)
        for location in Location.objects.select_related("municipality")
        if not postcode_fits(location.postal_code, location.municipality.cbs_code)
    ]
    assert Location.objects.count() > 150
    assert wrong == []
    assert postcode_fits("1012 AB", "GM0363")  # Amsterdam
    assert not postcode_fits("3011 AB", "GM0363")  # a Rotterdam postcode


def test_the_providers_waiting_lists_are_explained_by_the_placement_waiting_list(demo: None) -> None:
    waiting = PlacementRequest.objects.waiting()
    live = Proposal.objects.filter(
        outcome__in=[ProposalOutcome.PENDING, ProposalOutcome.ACCEPTED], request__in=waiting
    )
    total = Offer.objects.aggregate(total=Sum("waiting_list"))["total"]
    assert 0 < total <= waiting.count()
    for offer in Offer.objects.filter(waiting_list__gt=0):
        assert offer.waiting_list == live.filter(offer=offer).count(), offer
        latest = AvailabilitySnapshot.objects.filter(offer=offer).order_by("-recorded_at").first()
        assert latest is not None
        assert latest.waiting_list == offer.waiting_list


def test_beds_and_ambulant_places_are_counted_apart(demo: None) -> None:
    totals = overview_totals(Offer.objects.active()).national
    beds = Offer.objects.active().exclude(care_type=CareType.AMBULANT)
    ambulant = Offer.objects.active().filter(care_type=CareType.AMBULANT)
    assert totals.beds == beds.aggregate(total=Sum("places"))["total"]
    assert totals.free_beds == beds.aggregate(total=Sum("free_places"))["total"]
    assert totals.ambulant_places == ambulant.aggregate(total=Sum("places"))["total"]
    assert totals.free_ambulant_places == ambulant.aggregate(total=Sum("free_places"))["total"]
    assert totals.free_ambulant_places > 0  # so that adding them to the beds would show


def test_target_groups_go_together(demo: None) -> None:
    assert not Offer.objects.filter(supports_pregnancy=True, accepts_woman=False).exists()
    assert not Offer.objects.filter(care_type=CareType.AMBULANT, children_allowed=True).exists()
    men = Offer.objects.filter(location__organisation__name=CATEGORICAL_PROVIDERS["mannenopvang"][0])
    assert men.exists()
    assert not men.filter(accepts_woman=True).exists()
    assert not Offer.objects.filter(name__icontains="mannen", accepts_woman=True).exists()


def test_the_demo_provider_has_crisis_beds(demo: None) -> None:
    provider = User.objects.get(username="aanbieder")
    assert Offer.objects.filter(
        location__organisation=provider.organisation, care_type=CareType.CRISIS, places__gt=0
    ).exists()


@pytest.mark.parametrize("username", list(CATEGORICAL_PROVIDERS))
def test_the_national_categorical_places_answer_their_own_proposals(
    demo: None, client: Client, username: str
) -> None:
    user = User.objects.get(username=username)
    assert user.role == Role.PROVIDER
    assert Offer.objects.filter(location__organisation=user.organisation).exists()
    client.force_login(user)
    assert client.get(reverse("placement:inbox")).status_code == 200
