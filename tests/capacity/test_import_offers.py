"""Importing offers: all rows or none, every error by row, column and reason."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from opvangnet.capacity.importing import COLUMNS
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db

HEADER = (
    "location;name;care_type;exploitation;genders;places;min_age;max_age;needs;free_places;occupied_places"
)
GOOD = "Crisisopvang A;Crisis vrouwen;crisis;sexual, labour;woman;6;18;99;zwangerschap;2;4"
ALSO_GOOD = "Inloop A;Ambulant;ambulant;Arbeidsuitbuiting;man,woman;20;;;;;"


def upload(client: Client, text: str, name: str = "offers.csv") -> Any:
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("capacity:import"), {"file": file})


def test_a_good_file_creates_offers_and_records_availability(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    response = upload(client, "\n".join([HEADER, GOOD, ALSO_GOOD]))
    assert response.status_code == 302
    crisis = Offer.objects.get(name="Crisis vrouwen")
    assert crisis.exploitation_types() == ["sexual", "labour"]
    assert crisis.needs_supported() == ["pregnancy"]
    assert (crisis.free_places, crisis.occupied_places) == (2, 4)
    assert AvailabilitySnapshot.objects.get().source == "import"
    ambulant = Offer.objects.get(name="Ambulant")
    assert ambulant.genders() == ["woman", "man"]
    assert (ambulant.min_age, ambulant.max_age) == (18, 120)


def test_importing_again_updates_the_same_offer(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="Crisis vrouwen", places=3, free_places=1, occupied_places=1)
    client.force_login(cast.carol)
    upload(client, "\n".join([HEADER, GOOD]))
    assert Offer.objects.get(name="Crisis vrouwen").places == 6
    assert Offer.objects.count() == 1


def test_one_bad_row_writes_nothing_and_names_row_column_and_reason(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    bad = "Crisisopvang A;Te jong;crisis;sexual;woman;5;30;20;;;"
    response = upload(client, "\n".join([HEADER, GOOD, bad, ALSO_GOOD]))
    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert errors == [(3, "max_age")]
    assert "maximumleeftijd" in response.content.decode()
    assert not Offer.objects.exists()
    assert not AvailabilitySnapshot.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("Crisisopvang B;X;crisis;sexual;woman;5;;;;;", "location", "Crisisopvang B"),
        ("Crisisopvang A;X;hotel;sexual;woman;5;;;;;", "care_type", "hotel"),
        ("Crisisopvang A;X;crisis;gokken;woman;5;;;;;", "exploitation", "gokken"),
        ("Crisisopvang A;X;crisis;sexual;woman;vijf;;;;;", "places", "vijf"),
        ("Crisisopvang A;X;crisis;sexual;woman;0;;;;;", "places", "plaats"),
        ("Crisisopvang A;X;crisis;sexual;woman;5;;;;4;4", "free_places", "5"),
        ("Crisisopvang A;;crisis;sexual;woman;5;;;;;", "name", "leeg"),
    ],
)
def test_each_kind_of_bad_value_is_named(
    cast: Cast, client: Client, row: str, column: str, reason: str
) -> None:
    client.force_login(cast.carol)
    response = upload(client, "\n".join([HEADER, row]))
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(2, column)]
    assert reason in errors[0].reason
    assert not Offer.objects.exists()


def test_the_same_offer_twice_in_one_file_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    response = upload(client, "\n".join([HEADER, GOOD, GOOD]))
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "name")]


def test_a_missing_column_and_a_wrong_file_type_are_reported(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    response = upload(client, "location;name\nA;B")
    assert {e.column for e in response.context["errors"]} == {
        "care_type",
        "exploitation",
        "genders",
        "places",
    }
    wrong = upload(client, "hello", name="offers.txt")
    assert wrong.context["form"].errors["file"]


def test_the_xlsx_template_imports_after_filling_in(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    template = client.get(reverse("capacity:import_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(template.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    filled = Workbook()
    filled.active.append(COLUMNS)
    example = dict(zip(COLUMNS, rows[1], strict=True))
    example["location"] = "Crisisopvang A"
    filled.active.append([example[column] for column in COLUMNS])
    buffer = io.BytesIO()
    filled.save(buffer)
    file = SimpleUploadedFile("offers.xlsx", buffer.getvalue())
    response = client.post(reverse("capacity:import"), {"file": file})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Offer.objects.get().name == example["name"]
    assert client.get(reverse("capacity:import_template", args=["csv"])).status_code == 200
    assert client.get(reverse("capacity:import_template", args=["exe"])).status_code == 404
