"""Beds and ambulant places are counted apart in the national picture: an ambulant offer's places never count
as beds, on the page, in the export or through the API (issue 16, docs/decisions.md)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from opvangnet.capacity.models import AvailabilitySnapshot
from opvangnet.insights import pages
from tests.builders import make_offer
from tests.insights.builders import at, build_picture
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def _with_ambulant_offer(cast: Cast) -> None:
    """The January picture (crisis A: 5 beds in Amsterdam, long-term B: 8 beds in Rijnmond) and 40 ambulant
    places in Amsterdam, 30 of them free all month."""
    build_picture(cast)
    ambulant = make_offer(
        cast.public_a, name="Ambulant A", care_type="ambulant", places=40, free_places=30, occupied_places=10
    )
    AvailabilitySnapshot.objects.filter(offer=ambulant).delete()
    AvailabilitySnapshot.objects.create(
        offer=ambulant,
        recorded_at=at(2026, 1, 1),
        free_places=30,
        occupied_places=10,
        waiting_list=0,
        source="web",
    )


@pytest.mark.parametrize("user", ["nina", "paul"])
def test_an_ambulant_offer_never_counts_as_beds_in_the_api(cast: Cast, user: str) -> None:
    _with_ambulant_offer(cast)
    api = APIClient()
    api.force_authenticate(getattr(cast, user))
    national = api.get("/api/v1/picture", {"period": "2026-01"}).json()["rows"][0]
    assert (national["beds"], national["ambulant_places"]) == (5 + 8, 40)
    assert "places" not in national
    assert "occupancy" not in national
    rows = api.get("/api/v1/picture", {"period": "2026-01", "by": "region"}).json()["rows"]
    amsterdam = next(row for row in rows if row["region"] == "VO04")
    assert (amsterdam["beds"], amsterdam["ambulant_places"]) == (5, 40)
    if user == "nina":  # exact: the averages per kind
        assert national["average_free_beds"] == pytest.approx(1.0)  # crisis A's average; B has no reports
        assert national["average_free_ambulant_places"] == pytest.approx(30.0)
        assert national["bed_occupancy"] == pytest.approx(0.8)
        assert national["ambulant_occupancy"] == pytest.approx(0.25)
        assert national["requests_per_bed"] == round(3 / 13, 3)  # three requests for shelter in January


def test_an_ambulant_offer_never_counts_as_beds_on_the_page(cast: Cast) -> None:
    _with_ambulant_offer(cast)
    client = Client()
    client.force_login(cast.nina)
    response = client.get(reverse("insights:dashboard"), {"period": "2026-01"})
    with translation.override("nl"):
        figures = dict(response.context["key_figures"])
    values = list(figures.values())
    assert "13" in values
    assert "40" in values
    assert "53" not in values  # 13 beds + 40 ambulant places, never one number
    beds = [v for k, v in figures.items() if k.startswith("Bedden")]
    assert beds == ["13"]
    region = client.get(reverse("insights:region", args=["VO04"]), {"period": "2026-01"})
    assert region.context["row"]["beds"] == 5
    assert region.context["row"]["ambulant_places"] == 40
    gaps = client.get(reverse("insights:gaps"), {"period": "2026-01"})
    assert all(gap.places in (0, 5, 8) for gap in gaps.context["gaps"])  # beds only
    assert {gap.places for gap in gaps.context["ambulant_gaps"]} <= {0, 40}
    beds_map = client.get(reverse("insights:map"), {"period": "2026-01", "figure": "beds"})
    assert dict((code, value) for code, _name, value in beds_map.context["rows"])["VO04"] == 5


@pytest.mark.parametrize("user", ["nina", "paul"])
def test_an_ambulant_offer_never_counts_as_beds_in_the_export(cast: Cast, user: str) -> None:
    _with_ambulant_offer(cast)
    client = Client()
    client.force_login(getattr(cast, user))
    response = client.get(reverse("insights:export_csv"), {"period": "2026-01"})
    assert response.status_code == 200
    text = response.getvalue().decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    with translation.override("nl"):
        beds_label, *_rest = pages.supply_labels()
        ambulant_label = pages.supply_labels()[3]
    header = next(row for row in rows if beds_label in row)  # the first table: by region
    start = rows.index(header)
    amsterdam = next(row for row in rows[start:] if row[0] == "Amsterdam-Amstelland")
    assert amsterdam[header.index(beds_label)] == "5"
    assert amsterdam[header.index(ambulant_label)] == "40"
    total = next(row for row in rows[start:] if row[0] == "Totaal")
    assert (total[header.index(beds_label)], total[header.index(ambulant_label)]) == ("13", "40")
