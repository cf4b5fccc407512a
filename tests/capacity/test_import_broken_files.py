"""Broken spreadsheets: every one answers with row, column and reason, and nothing at all is written.

The last tests fuzz the importer with hypothesis (random bytes, random CSV and XLSX shapes, cut-off
workbooks): it either imports or refuses with readable errors, never crashes, and a refusal leaves the
database exactly as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Literal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from opvangnet.audit.models import AuditEntry
from opvangnet.capacity.importing import COLUMNS, REQUIRED, ImportResult, import_offers
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.core.csvimport import ImportRejected
from opvangnet.regions.models import Location
from tests.personas import Cast

pytestmark = pytest.mark.django_db

HEADER = "location;name;care_type;exploitation;genders;places"
GOOD = "Crisisopvang A;Crisis vrouwen;crisis;sexual;woman;6"


def upload(client: Client, content: bytes, name: str = "offers.csv") -> Any:
    return client.post(reverse("capacity:import"), {"file": SimpleUploadedFile(name, content)})


def errors_of(response: object) -> list[tuple[int, str]]:
    assert response.status_code == 400  # type: ignore[attr-defined]
    return [(e.row, e.column) for e in response.context["errors"]]  # type: ignore[attr-defined]


def xlsx(rows: Sequence[Sequence[object]], title: str = "offers", extra_sheet: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        workbook.create_sheet(extra_sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def nothing_written() -> bool:
    return not (
        Offer.objects.exists()
        or AvailabilitySnapshot.objects.exists()
        or AuditEntry.objects.exclude(action__startswith="accounts.").exists()  # the login is recorded
    )


def test_a_one_column_csv_names_the_missing_columns(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    response = upload(client, b"location\nCrisisopvang A\n")
    assert set(errors_of(response)) == {(1, column) for column in REQUIRED if column != "location"}
    assert nothing_written()


def test_blank_lines_are_skipped_and_rows_keep_their_number_in_the_file(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    bad = "Crisisopvang A;Te veel;crisis;sexual;woman;vijf"
    response = upload(client, f"\n\n{HEADER}\n\n{GOOD}\n\n{bad}\n\n".encode())
    assert errors_of(response) == [(7, "places")]
    assert nothing_written()
    response = upload(client, f"\n{HEADER}\n\n{GOOD}\n".encode())
    assert response.status_code == 302
    assert Offer.objects.get().name == "Crisis vrouwen"


@pytest.mark.parametrize(
    "garbage",
    [b"\x00\x01\x02\xff\xfe binary", b"\xff\xd8\xff\xe0JFIF", bytes(range(256)) * 4, b"PK\x03\x04 not csv"],
)
def test_binary_garbage_is_refused_with_its_row(cast: Cast, client: Client, garbage: bytes) -> None:
    client.force_login(cast.carol)
    response = upload(client, garbage)
    errors = response.context["errors"]
    assert response.status_code == 400
    assert errors
    assert all(error.row >= 1 and error.reason for error in errors)
    assert nothing_written()


def test_a_truncated_xlsx_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    whole = xlsx([HEADER.split(";"), GOOD.split(";")])
    for cut in (10, len(whole) // 2, len(whole) - 30):
        response = upload(client, whole[:cut], "offers.xlsx")
        assert errors_of(response) == [(1, "-")]
        assert "XLSX" in response.context["errors"][0].reason
    assert nothing_written()


def test_an_xlsx_without_the_offers_sheet_names_the_sheets_it_has(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    content = xlsx([HEADER.split(";"), GOOD.split(";")], title="Blad1", extra_sheet="Toelichting")
    response = upload(client, content, "offers.xlsx")
    assert errors_of(response) == [(1, "-")]
    reason = response.context["errors"][0].reason
    assert "offers" in reason
    assert "Blad1" in reason
    assert nothing_written()


def test_an_xlsx_with_the_offers_sheet_second_is_read_from_that_sheet(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    workbook = Workbook()
    workbook.active.title = "Toelichting"
    sheet = workbook.create_sheet("offers")
    sheet.append(HEADER.split(";"))
    sheet.append(GOOD.split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(client, buffer.getvalue(), "offers.xlsx").status_code == 302
    assert Offer.objects.get().name == "Crisis vrouwen"


def test_doubled_quotes_are_stored_as_one_quote(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    row = 'Crisisopvang A;"Opvang ""De Haven""";crisis;sexual;woman;6'
    assert upload(client, f"{HEADER}\n{row}\n".encode()).status_code == 302
    assert Offer.objects.get().name == 'Opvang "De Haven"'


def test_doubled_quotes_with_commas_and_a_comma_delimiter(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    row = 'Crisisopvang A,"Opvang ""De Haven"", Utrecht",crisis,"sexual, labour",woman,6'
    assert upload(client, f"{HEADER.replace(';', ',')}\n{row}\n".encode()).status_code == 302
    offer = Offer.objects.get()
    assert offer.name == 'Opvang "De Haven", Utrecht'
    assert offer.exploitation_types() == ["sexual", "labour"]


def test_a_doubled_column_and_a_value_without_a_heading_are_named(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    assert errors_of(upload(client, f"{HEADER};places\n{GOOD};6\n".encode())) == [(1, "places")]
    assert errors_of(upload(client, f"{HEADER}\n{GOOD};surprise\n".encode())) == [(2, "-")]
    assert nothing_written()


def test_a_huge_waiting_list_in_an_import_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    header = f"{HEADER};free_places;occupied_places;waiting_list"
    response = upload(client, f"{header}\n{GOOD};1;1;{2**63}\n".encode())
    assert errors_of(response) == [(2, "waiting_list")]
    assert nothing_written()


def test_a_latin1_file_is_refused_with_advice(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    response = upload(client, f"{HEADER}\nCrisisopvang A;Café;crisis;sexual;woman;6\n".encode("latin-1"))
    assert errors_of(response) == [(2, "-")]
    assert "UTF-8" in response.context["errors"][0].reason


# --- fuzzing ------------------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_cell = st.one_of(
    st.sampled_from(
        ["", "Crisisopvang A", "crisis", "sexual", "woman", "6", "ja", '"', '""', ";", ",", "\n"]
    ),
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
_header = st.lists(st.sampled_from([*COLUMNS, "x", "", "LOCATION"]), max_size=12)
_rows = st.lists(st.lists(_cell, max_size=14), max_size=6)


def _state() -> tuple[int, int, int]:
    return Offer.objects.count(), AvailabilitySnapshot.objects.count(), AuditEntry.objects.count()


def _import_checked(cast: Cast, content: bytes, name: str) -> None:
    """Import; a refusal must be readable and leave the database as it was."""
    before = _state()
    locations = Location.objects.filter(organisation=cast.shelter_a)
    errors = []
    result = None
    try:
        result = import_offers(cast.carol, io.BytesIO(content), name, locations)
    except ImportRejected as rejected:
        errors = rejected.errors
    if result is None:
        assert errors
        for error in errors:
            assert error.row >= 0
            assert error.column
            assert str(error.reason).strip()
        assert _state() == before
    else:
        assert isinstance(result, ImportResult)
        assert _state()[0] == before[0] + result.created


@FUZZ
@given(content=st.binary(max_size=400), extension=st.sampled_from(["csv", "xlsx"]))
def test_random_bytes_are_refused_readably(cast: Cast, content: bytes, extension: str) -> None:
    _import_checked(cast, content, f"offers.{extension}")


@FUZZ
@given(
    header=_header,
    rows=_rows,
    delimiter=st.sampled_from([";", ",", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_random_csv_shapes_import_or_are_refused_readably(
    cast: Cast, header: list[str], rows: list[list[str]], delimiter: str, quoting: Literal[0, 1, 2, 3]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    _import_checked(cast, buffer.getvalue().encode(), "offers.csv")


@FUZZ
@given(
    header=_header,
    rows=_rows,
    title=st.sampled_from(["offers", "Blad1", "aanbod"]),
    extra=st.sampled_from([None, "Toelichting"]),
    cut=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
)
def test_random_xlsx_shapes_import_or_are_refused_readably(
    cast: Cast, header: list[str], rows: list[list[str]], title: str, extra: str | None, cut: float | None
) -> None:
    cells = [[cell.replace("\n", " ") for cell in row] for row in rows]
    try:
        content = xlsx([header, *cells], title=title, extra_sheet=extra)
    except Exception:  # openpyxl itself refuses some characters (control codes) in cells
        content = xlsx([header], title=title, extra_sheet=extra)
    if cut is not None:
        content = content[: int(len(content) * cut)]
    _import_checked(cast, content, "offers.xlsx")
