"""Loading a regional division (care regions, police units, municipalities) from CSV files; revealing and
changing the secrecy of a location's address."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from opvangnet.accounts import scoping
from opvangnet.audit.services import record
from opvangnet.core import counters
from opvangnet.core.csvimport import ImportRejected, RowError, read_csv
from opvangnet.regions.models import Location, Municipality, Organisation, PoliceUnit, Region

if TYPE_CHECKING:
    from opvangnet.accounts.models import User

DEFAULT_DIVISION_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class DivisionLoaded:
    police_units: int
    regions: int
    municipalities: int
    regions_removed: int


def _parse_coordinate(raw: str, low: float, high: float) -> float | None:
    if raw == "":
        return None
    value = float(raw)
    if not low <= value <= high:
        raise ValueError(f"must lie between {low} and {high}")
    return value


def _check_unique(rows: list[dict[str, str]], file: str, column: str, errors: list[RowError]) -> None:
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        value = row[column]
        if not value:
            errors.append(RowError(file, number, column, "is empty"))
        elif value in seen:
            errors.append(RowError(file, number, column, f"'{value}' already appears in row {seen[value]}"))
        else:
            seen[value] = number


@transaction.atomic
def load_division(directory: Path = DEFAULT_DIVISION_DIR, *, remove_missing: bool = True) -> DivisionLoaded:
    """Create or update the division from `police_units.csv`, `care_regions.csv` and `municipalities.csv`.

    All rows of all three files are validated first; any error raises `ImportRejected` listing every problem
    and nothing is written. Regions absent from the file are removed when nothing refers to them any more;
    a region still used by users makes the whole load fail. Runs a handful of queries per file.
    """
    units = read_csv(directory / "police_units.csv", ["code", "name"])
    regions = read_csv(directory / "care_regions.csv", ["code", "name", "central_municipality", "lon", "lat"])
    municipalities = read_csv(
        directory / "municipalities.csv", ["cbs_code", "name", "care_region", "police_unit"]
    )

    errors: list[RowError] = []
    _check_unique(units, "police_units.csv", "code", errors)
    _check_unique(regions, "care_regions.csv", "code", errors)
    _check_unique(municipalities, "municipalities.csv", "cbs_code", errors)
    for file, rows in (
        ("police_units.csv", units),
        ("care_regions.csv", regions),
        ("municipalities.csv", municipalities),
    ):
        for number, row in enumerate(rows, start=2):
            if not row["name"]:
                errors.append(RowError(file, number, "name", "is empty"))

    coordinates: dict[str, tuple[float | None, float | None]] = {}
    for number, row in enumerate(regions, start=2):
        parsed: list[float | None] = []
        for column, low, high in (("lon", -180.0, 180.0), ("lat", -90.0, 90.0)):
            try:
                parsed.append(_parse_coordinate(row[column], low, high))
            except ValueError as error:
                reason = str(error) if "between" in str(error) else "is not a number"
                errors.append(RowError("care_regions.csv", number, column, reason))
                parsed.append(None)
        coordinates[row["code"]] = (parsed[0], parsed[1])

    region_codes = {row["code"] for row in regions}
    unit_codes = {row["code"] for row in units}
    for number, row in enumerate(municipalities, start=2):
        if row["care_region"] not in region_codes:
            errors.append(
                RowError(
                    "municipalities.csv", number, "care_region", f"unknown region '{row['care_region']}'"
                )
            )
        if row["police_unit"] and row["police_unit"] not in unit_codes:
            errors.append(
                RowError(
                    "municipalities.csv", number, "police_unit", f"unknown police unit '{row['police_unit']}'"
                )
            )
    used_regions = {row["care_region"] for row in municipalities}
    for number, row in enumerate(regions, start=2):
        if row["code"] and row["code"] not in used_regions:
            errors.append(
                RowError("care_regions.csv", number, "code", "no municipality belongs to this region")
            )
    if errors:
        raise ImportRejected(errors)

    unit_by_code = {}
    for row in units:
        unit, _ = PoliceUnit.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
        unit_by_code[unit.code] = unit
    region_by_code = {}
    for row in regions:
        longitude, latitude = coordinates[row["code"]]
        region, _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "central_municipality_code": row["central_municipality"],
                "longitude": longitude,
                "latitude": latitude,
            },
        )
        region_by_code[region.code] = region

    existing = {m.cbs_code: m for m in Municipality.objects.all()}
    to_create, to_update = [], []
    for row in municipalities:
        values = {
            "name": row["name"],
            "region": region_by_code[row["care_region"]],
            "police_unit": unit_by_code.get(row["police_unit"]),
        }
        current = existing.get(row["cbs_code"])
        if current is None:
            to_create.append(Municipality(cbs_code=row["cbs_code"], **values))
        else:
            for field, value in values.items():
                setattr(current, field, value)
            to_update.append(current)
    Municipality.objects.bulk_create(to_create)
    Municipality.objects.bulk_update(to_update, ["name", "region", "police_unit"])

    removed = 0
    if remove_missing:
        removed = _remove_missing(region_codes, {row["cbs_code"] for row in municipalities})
    counters.bump(counters.OFFERS)  # an offer's region is its location's municipality's
    return DivisionLoaded(len(units), len(regions), len(municipalities), removed)


def _remove_missing(region_codes: set[str], municipality_codes: set[str]) -> int:
    """Delete regions and municipalities the new files no longer list, unless something still uses them."""
    stale_municipalities = Municipality.objects.exclude(cbs_code__in=municipality_codes)
    stale_regions = Region.objects.exclude(code__in=region_codes)
    used_municipalities = stale_municipalities.filter(
        Q(locations__isnull=False) | Q(organisations__isnull=False)
    ).distinct()
    errors = [
        RowError(
            "municipalities.csv",
            0,
            "cbs_code",
            f"municipality '{code}' is missing but still has locations or organisations",
        )
        for code in used_municipalities.values_list("cbs_code", flat=True)
    ]
    errors += [
        RowError("care_regions.csv", 0, "code", f"region '{code}' is missing but still has users")
        for code in stale_regions.filter(users__isnull=False).distinct().values_list("code", flat=True)
    ]
    if errors:
        raise ImportRejected(errors)
    stale_municipalities.delete()
    removed = stale_regions.count()
    stale_regions.delete()
    return removed


# --- secret addresses --------------------------------------------------------------------------------------


def reveal_address(actor: User, location: Location, *, reason: str) -> str:
    """The national coordination centre looks up one secret address, with a reason; audited.

    Raises PermissionDenied without `regions.reveal_secret_address`, ValidationError without a reason.
    """
    if not actor.has_perm("regions.reveal_secret_address"):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need this address.")})
    record(
        actor,
        "regions.address_revealed",
        location,
        reason=reason.strip(),
        details={"secret": location.secret_address},
    )
    return location.full_address()


def set_address_secrecy(actor: User, location: Location, *, secret: bool, reason: str) -> Location:
    """Make an address secret, or no longer secret (then with a reason): by the location's own organisation
    or the national coordination centre; audited."""
    if not scoping.can_change_address_secrecy(actor, location):
        raise PermissionDenied
    if not secret and not reason.strip():
        raise ValidationError({"reason": _("Say why this address need no longer be secret.")})
    with transaction.atomic():
        locked = Location.objects.select_for_update().get(pk=location.pk)
        if locked.secret_address == secret:
            return locked
        locked.secret_address = secret
        locked.save(update_fields=["secret_address"])
        record(
            actor,
            "regions.address_made_secret" if secret else "regions.address_made_public",
            locked,
            reason=reason.strip(),
        )
    return locked


def update_contacts(actor: User, organisation: Organisation, phone_24_7: str, contacts: Any) -> None:
    """The organisation's own staff keep its 24/7 number and contact persons (a bound, valid formset of
    `ContactPerson`s); audited with counts only."""
    if not (
        actor.has_perm("regions.manage_own_locations") and scoping.organisation_id(actor) == organisation.pk
    ):
        raise PermissionDenied
    with transaction.atomic():
        organisation.phone_24_7 = phone_24_7.strip()
        organisation.save(update_fields=["phone_24_7"])
        contacts.instance = organisation
        contacts.save()
        record(
            actor,
            "regions.contacts_changed",
            organisation,
            details={"contacts": organisation.contact_persons.count()},
        )
