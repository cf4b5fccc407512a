"""An offer's page shows its occupancy over time as a small chart, with the numbers in a table beside it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet.capacity.models import AvailabilitySnapshot
from opvangnet.capacity.queries import occupancy_over_time
from opvangnet.capacity.services import Availability, record_availability
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def report_on(cast: Cast, offer: object, when: datetime, free: int, occupied: int) -> None:
    snapshot = record_availability(cast.carol, offer, Availability(free, occupied, 0))  # type: ignore[arg-type]
    AvailabilitySnapshot.objects.filter(pk=snapshot.pk).update(recorded_at=when)


def test_each_day_counts_its_last_report_and_the_window_starts_with_the_report_before_it(cast: Cast) -> None:
    offer = make_offer(cast.secret_a, places=6, free_places=6, occupied_places=0)
    report_on(cast, offer, NOW - timedelta(days=200), 4, 2)  # before the window: carried in
    report_on(cast, offer, NOW - timedelta(days=10, hours=3), 3, 3)
    report_on(cast, offer, NOW - timedelta(days=10, hours=1), 1, 5)  # same day, later: wins
    report_on(cast, offer, NOW - timedelta(days=2), 0, 6)
    points = occupancy_over_time(offer, now=NOW)
    assert [(p.occupied, p.free) for p in points] == [(2, 4), (5, 1), (6, 0)]
    assert [p.day for p in points] == sorted(p.day for p in points)


def test_the_offer_page_draws_the_chart_with_its_table(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, places=6, free_places=6, occupied_places=0)
    today = datetime.now(UTC)
    report_on(cast, offer, today - timedelta(days=5), 3, 3)
    report_on(cast, offer, today - timedelta(days=1), 1, 5)
    client.force_login(cast.alice)
    page = client.get(reverse("capacity:offer", args=[offer.pk])).content.decode()
    assert "Bezetting in de tijd" in page
    assert 'src="data:image/svg+xml' in page
    assert "De aantallen per dag (tabel)" in page


def test_one_report_draws_no_chart(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, places=6, free_places=6, occupied_places=0)
    record_availability(cast.carol, offer, Availability(2, 4, 0))
    client.force_login(cast.alice)
    page = client.get(reverse("capacity:offer", args=[offer.pk])).content.decode()
    assert "Bezetting in de tijd" not in page
