"""Importing offers in bulk from XLSX or CSV: every row validated, all or nothing, errors by row/column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from opvangnet.audit.services import record
from opvangnet.capacity.models import AvailabilitySource, Offer
from opvangnet.capacity.services import Availability, record_availability, save_offer, validate_availability
from opvangnet.core import counters
from opvangnet.core.csvimport import ImportRejected, RowError
from opvangnet.regions.models import Location, LocationQuerySet, SecurityLevel
from opvangnet.vocabulary import (
    EXPLOITATION_FIELDS,
    GENDER_FIELDS,
    NEED_FIELDS,
    CareType,
    Exploitation,
    Gender,
    Need,
    parse_language_codes,
)

if TYPE_CHECKING:
    from opvangnet.accounts.models import User

MAX_ROWS = 5000
REQUIRED = ["location", "name", "care_type", "exploitation", "genders", "places"]
OPTIONAL = [
    "min_age",
    "max_age",
    "children",
    "needs",
    "languages",
    "security_level",
    "admission_criteria",
    "contact_name",
    "contact_phone",
    "contact_email",
    "active",
    "free_places",
    "occupied_places",
    "waiting_list",
]
COLUMNS = REQUIRED + OPTIONAL
EXAMPLE = {
    "location": "Crisisopvang Utrecht",
    "name": "Crisisopvang vrouwen",
    "care_type": "crisis",
    "exploitation": "sexual, labour",
    "genders": "woman",
    "places": "8",
    "min_age": "18",
    "max_age": "120",
    "children": "ja",
    "needs": "pregnancy, no_residence_status",
    "languages": "nl, en, ro",
    "security_level": "high",
    "admission_criteria": "Aanmelding via de zorgcoördinator of CoMensha.",
    "contact_phone": "030-1234567",
    "active": "ja",
    "free_places": "2",
    "occupied_places": "6",
    "waiting_list": "0",
}
_TRUE = {"ja", "j", "yes", "y", "true", "1", "waar"}
_FALSE = {"nee", "n", "no", "false", "0", "onwaar", ""}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "offers"
    sheet.append(COLUMNS)
    sheet.append([EXAMPLE.get(column, "") for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE.get(column, "") for column in COLUMNS])
    return buffer.getvalue()


SHEET = "offers"  # the template's sheet; a workbook with one sheet may name it anything
_DELIMITERS = ";,\t"


def _reject(filename: str, row: int, reason: str, column: str = "-") -> ImportRejected:
    return ImportRejected([RowError(filename, row, column, reason)])


def _xlsx_rows(upload: IO[bytes], filename: str) -> list[tuple[int, list[str]]]:
    """Numbered rows of the sheet named `offers` (or the only sheet); any damage is an error on row 1."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise _reject(filename, 1, _("not a readable XLSX file")) from error
    try:
        names = workbook.sheetnames
        if SHEET in names:
            sheet = workbook[SHEET]
        elif len(workbook.worksheets) == 1:
            sheet = workbook.worksheets[0]
        else:
            raise _reject(
                filename,
                1,
                _("the workbook has no sheet named '%(sheet)s' (it has: %(names)s)")
                % {"sheet": SHEET, "names": ", ".join(names) or "-"},
            )
        rows: list[tuple[int, list[str]]] = []
        for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            rows.append((number, ["" if cell is None else str(cell).strip() for cell in row]))
            if len(rows) > MAX_ROWS + 1:
                break  # enough to say the file is too long; a zip bomb is not read to its end
        return rows
    except ImportRejected:
        raise
    except Exception as error:  # a truncated file often fails only while its rows are read
        raise _reject(filename, 1, _("not a readable XLSX file (it may be damaged or cut off)")) from error
    finally:
        workbook.close()


def _csv_rows(upload: IO[bytes], filename: str) -> list[tuple[int, list[str]]]:
    """Numbered rows of a UTF-8 CSV whose delimiter (; , or tab) is the one the header line uses most.

    Quoting follows RFC 4180 (a doubled quote inside a quoted field is one quote); the delimiter is counted
    rather than guessed by `csv.Sniffer`, which misreads doubled quotes and one-column files.
    """
    data = upload.read()
    if b"\x00" in data:
        raise _reject(filename, data[: data.index(b"\x00")].count(b"\n") + 1, _("not a text file"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise _reject(filename, row, _("not UTF-8 text; save the file as 'CSV UTF-8'")) from error
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        while True:
            first_line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            rows.append((first_line, [cell.strip() for cell in cells]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise _reject(
            filename, reader.line_num or 1, _("not valid CSV: %(error)s") % {"error": error}
        ) from error
    return rows


def read_numbered_rows(upload: IO[bytes], filename: str) -> list[tuple[int, dict[str, str]]]:
    """Rows as (row number in the file, dict of stripped strings); blank rows are skipped, numbers kept.

    Refuses unknown formats, damaged files, missing or doubled columns, values without a column and oversized
    files, always naming the row (and the column where there is one).
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        numbered = _xlsx_rows(upload, filename)
    elif name.endswith(".csv"):
        numbered = _csv_rows(upload, filename)
    else:
        raise _reject(filename, 0, _("the file must be .xlsx or .csv"))
    numbered = [(number, row) for number, row in numbered if any(row)]
    if not numbered:
        raise _reject(filename, 1, _("the file is empty"))
    header_row, header_cells = numbered[0]
    header = [column.lower() for column in header_cells]
    errors = [
        RowError(filename, header_row, column, _("column is missing"))
        for column in REQUIRED
        if column not in header
    ]
    doubled = sorted({column for column in header if column and header.count(column) > 1})
    errors += [RowError(filename, header_row, column, _("column appears twice")) for column in doubled]
    if errors:
        raise ImportRejected(errors)
    if len(numbered) - 1 > MAX_ROWS:
        raise _reject(filename, numbered[MAX_ROWS + 1][0], _("more than %(max)s rows") % {"max": MAX_ROWS})
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in numbered[1:]:
        extra = [
            cell for index, cell in enumerate(cells) if cell and (index >= len(header) or not header[index])
        ]
        if extra:
            errors.append(RowError(filename, number, "-", _("a value in a column without a heading")))
        padded = cells + [""] * (len(header) - len(cells))
        rows.append(
            (number, {column: value for column, value in zip(header, padded, strict=False) if column})
        )
    if errors:
        raise ImportRejected(errors)
    return rows


def read_rows(upload: IO[bytes], filename: str) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings (see `read_numbered_rows`)."""
    return [row for _number, row in read_numbered_rows(upload, filename)]


def _codes(raw: str, choices: type[Any], column: str, errors: list[str]) -> list[str]:
    by_label = {}
    for language in ("nl", "en"):  # people type labels in either language, whatever the page language
        with translation.override(language):
            by_label.update({str(label).lower(): value for value, label in choices.choices})
    codes = []
    for part in raw.replace(";", ",").split(","):
        token = part.strip().lower()
        if not token:
            continue
        code = token if token in choices.values else by_label.get(token)
        if code is None:
            errors.append(_("unknown value '%(value)s'") % {"value": part.strip()})
        else:
            codes.append(code)
    return codes


def _boolean(raw: str, default: bool, errors: list[str]) -> bool:
    token = raw.strip().lower()
    if token == "":
        return default
    if token in _TRUE:
        return True
    if token in _FALSE:
        return False
    errors.append(_("'%(value)s' is not yes or no") % {"value": raw})
    return default


def _integer(raw: str, default: int | None, errors: list[str]) -> int | None:
    if raw.strip() == "":
        return default
    try:
        value = int(float(raw)) if raw.strip().endswith(".0") else int(raw)
    except ValueError:
        errors.append(_("'%(value)s' is not a whole number") % {"value": raw})
        return default
    if value < 0:
        errors.append(_("must be zero or more"))
    return value


class _Row:
    """Parses one row, collecting every problem per column."""

    def __init__(self, number: int, row: dict[str, str], filename: str):
        self.number, self.row, self.filename = number, row, filename
        self.errors: list[RowError] = []

    def add(self, column: str, reasons: list[str]) -> None:
        self.errors += [RowError(self.filename, self.number, column, reason) for reason in reasons]

    def field(self, column: str, parse: Any, *args: Any) -> Any:
        problems: list[str] = []
        value = parse(self.row.get(column, ""), *args, problems)
        self.add(column, problems)
        return value


def _find_location(raw: str, locations: LocationQuerySet) -> tuple[Location | None, str]:
    token = raw.strip()
    if not token:
        return None, _("is empty")
    matches = (
        list(locations.filter(pk=int(token)))
        if token.isascii() and token.isdigit() and len(token) <= 18
        else list(locations.filter(name__iexact=token))
    )
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, _("no location '%(value)s' of your organisation") % {"value": token}
    return None, _("'%(value)s' matches several locations; use the location number") % {"value": token}


# Offer model fields that map one-to-one to a column of the same name.
_TEXT_COLUMNS = ["admission_criteria", "contact_name", "contact_phone", "contact_email"]
_MODEL_FIELD_COLUMN = {
    **{field: "exploitation" for field in EXPLOITATION_FIELDS.values()},
    **{field: "genders" for field in GENDER_FIELDS.values()},
    **{field: "needs" for field in NEED_FIELDS.values()},
    "children_allowed": "children",
    "security_level": "security_level",
}


def _parse(
    number: int,
    row: dict[str, str],
    filename: str,
    locations: LocationQuerySet,
    seen: dict[tuple[int, str], int],
) -> tuple[Offer | None, Availability | None, list[RowError]]:
    parsed = _Row(number, row, filename)
    location, problem = _find_location(row.get("location", ""), locations)
    if problem:
        parsed.add("location", [problem])
    name = row.get("name", "").strip()
    if not name:
        parsed.add("name", [_("is empty")])
    if location is not None and name:
        key = (location.pk, name.lower())
        if key in seen:
            parsed.add("name", [_("the same offer is already in row %(row)s") % {"row": seen[key]}])
        seen[key] = number
    care_type = row.get("care_type", "").strip().lower()
    problems: list[str] = []
    care = _codes(care_type, CareType, "care_type", problems)
    parsed.add("care_type", problems if care_type else [_("is empty")])
    exploitation = parsed.field("exploitation", _codes, Exploitation, "exploitation")
    genders = parsed.field("genders", _codes, Gender, "genders")
    needs = parsed.field("needs", _codes, Need, "needs")
    security_raw = row.get("security_level", "").strip().lower() or SecurityLevel.STANDARD
    problems = []
    security = _codes(security_raw, SecurityLevel, "security_level", problems)
    parsed.add("security_level", problems)

    offer = Offer.objects.filter(location=location, name=name).first() if location and name else None
    offer = offer or Offer(location=location, name=name)
    offer.care_type = care[0] if care else ""
    offer.security_level = security[0] if security else SecurityLevel.STANDARD
    for code, column in EXPLOITATION_FIELDS.items():
        setattr(offer, column, code in exploitation)
    for code, column in GENDER_FIELDS.items():
        setattr(offer, column, code in genders)
    for code, column in NEED_FIELDS.items():
        setattr(offer, column, code in needs)
    offer.places = parsed.field("places", _integer, None) or 0
    offer.min_age = parsed.field("min_age", _integer, 18)
    offer.max_age = parsed.field("max_age", _integer, 120)
    offer.children_allowed = parsed.field("children", _boolean, False)
    offer.active = parsed.field("active", _boolean, True)
    offer.languages = ",".join(parse_language_codes(row.get("languages", "")))
    for column in _TEXT_COLUMNS:
        setattr(offer, column, row.get(column, "").strip())
    if not parsed.errors and location is not None:
        try:
            offer.full_clean()
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                parsed.add(_MODEL_FIELD_COLUMN.get(field, field if field in COLUMNS else "-"), reasons)

    availability = None
    if any(row.get(column, "").strip() for column in ("free_places", "occupied_places", "waiting_list")):
        free = parsed.field("free_places", _integer, 0)
        occupied = parsed.field("occupied_places", _integer, 0)
        waiting = parsed.field("waiting_list", _integer, 0)
        availability = Availability(free or 0, occupied or 0, waiting or 0)
        if not parsed.errors:
            try:
                validate_availability(offer, availability)
            except ValidationError as error:
                for field, reasons in error.message_dict.items():
                    parsed.add(field, reasons)
    return offer, availability, parsed.errors


def import_offers(user: User, upload: IO[bytes], filename: str, locations: LocationQuerySet) -> ImportResult:
    """Create or update offers (matched by location and name) from a spreadsheet, all rows or none.

    `locations` are the locations this user may manage. Every row goes through `save_offer` and
    `record_availability`, the same validation as the screens, in one transaction. Raises ImportRejected
    listing every error by row and column; then nothing at all is written (no offer, no snapshot, no audit
    entry). Availability columns, when filled, are recorded as a report.
    """
    rows = read_numbered_rows(upload, filename)
    errors: list[RowError] = []
    parsed: list[tuple[int, Offer, Availability | None]] = []
    seen: dict[tuple[int, str], int] = {}
    for number, row in rows:
        offer, availability, row_errors = _parse(number, row, filename, locations, seen)
        errors += row_errors
        if offer is not None and not row_errors:
            parsed.append((number, offer, availability))
    if errors:
        raise ImportRejected(errors)
    created = updated = 0
    with transaction.atomic():
        counters.bump(counters.OFFERS)
        for number, offer, availability in parsed:
            is_new = offer.pk is None
            try:
                save_offer(user, offer)
                if availability is not None:
                    record_availability(user, offer, availability, source=AvailabilitySource.IMPORT)
            except ValidationError as error:
                errors += _service_errors(filename, number, error)
                continue
            except PermissionDenied as denied:
                errors.append(RowError(filename, number, "location", str(denied)))
                continue
            except IntegrityError as error:  # another import saved the same offer meanwhile
                raise _reject(filename, number, _("changed by someone else meanwhile; try again")) from error
            created, updated = created + is_new, updated + (not is_new)
        if errors:
            raise ImportRejected(errors)  # inside the transaction: every row before it is rolled back
        record(
            user,
            "capacity.offers_imported",
            details={"file": filename, "created": created, "updated": updated},
        )
    return ImportResult(created, updated)


def _service_errors(filename: str, number: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(filename, number, "-", message) for message in error.messages]
    return [
        RowError(filename, number, _MODEL_FIELD_COLUMN.get(field, field if field in COLUMNS else "-"), reason)
        for field, reasons in error.message_dict.items()
        for reason in reasons
    ]
