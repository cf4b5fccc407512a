"""Loading a regional division from CSV: the shipped one, another one, and bad files."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from opvangnet.core.csvimport import ImportRejected
from opvangnet.regions.models import Municipality, PoliceUnit, Region
from opvangnet.regions.services import load_division
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def write_division(
    folder: Path, regions: str, municipalities: str, units: str = "code,name\nP1,Unit one\n"
) -> Path:
    (folder / "police_units.csv").write_text(units)
    (folder / "care_regions.csv").write_text(regions)
    (folder / "municipalities.csv").write_text(municipalities)
    return folder


def test_the_shipped_division_has_35_regions_and_every_municipality_in_one() -> None:
    result = load_division()
    assert (result.regions, result.police_units) == (35, 10)
    assert result.municipalities == Municipality.objects.count() > 300
    assert not Region.objects.filter(municipalities__isnull=True).exists()
    assert not Municipality.objects.filter(police_unit__isnull=True).exists()
    assert Municipality.objects.get(cbs_code="GM0363").region.name == "Amsterdam-Amstelland"


def test_loading_twice_changes_nothing() -> None:
    load_division()
    before = list(Municipality.objects.values_list("cbs_code", "region__code", "police_unit__code"))
    load_division()
    after = list(Municipality.objects.values_list("cbs_code", "region__code", "police_unit__code"))
    assert before == after


def test_another_division_replaces_the_regions(tmp_path: Path) -> None:
    load_division()
    folder = write_division(
        tmp_path,
        "code,name,central_municipality,lon,lat\nN,Noord,GM0014,6.5,53.2\nZ,Zuid,GM0935,5.7,50.8\n",
        "cbs_code,name,care_region,police_unit\nGM0014,Groningen,N,P1\nGM0935,Maastricht,Z,P1\n",
    )
    call_command("load_regions", dir=folder)
    assert set(Region.objects.values_list("code", flat=True)) == {"N", "Z"}
    assert Municipality.objects.get(cbs_code="GM0935").region.code == "Z"
    assert PoliceUnit.objects.filter(code="P1").exists()


def test_a_bad_file_writes_nothing_and_names_row_column_and_reason(tmp_path: Path) -> None:
    folder = write_division(
        tmp_path,
        "code,name,central_municipality,lon,lat\nN,Noord,GM0014,east,53.2\nN,Dubbel,GM0015,6,53\n",
        "cbs_code,name,care_region,police_unit\nGM0014,Groningen,N,P1\nGM0015,,X,P9\n",
    )
    with pytest.raises(ImportRejected) as rejected:
        load_division(folder)
    messages = [str(error) for error in rejected.value.errors]
    assert "care_regions.csv, row 2, column 'lon': is not a number" in messages
    assert "care_regions.csv, row 3, column 'code': 'N' already appears in row 2" in messages
    assert "municipalities.csv, row 3, column 'name': is empty" in messages
    assert "municipalities.csv, row 3, column 'care_region': unknown region 'X'" in messages
    assert "municipalities.csv, row 3, column 'police_unit': unknown police unit 'P9'" in messages
    assert Region.objects.count() == 0
    assert PoliceUnit.objects.count() == 0


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    folder = write_division(tmp_path, "code,name\nN,Noord\n", "cbs_code,name,care_region,police_unit\n")
    with pytest.raises(CommandError, match=r"care_regions\.csv, row 1, column 'lon': column is missing"):
        call_command("load_regions", dir=folder)


def test_a_region_that_still_has_users_is_not_removed(tmp_path: Path) -> None:
    load_division()
    make_user("zc", region=Region.objects.get(code="VO04"))
    folder = write_division(
        tmp_path,
        "code,name,central_municipality,lon,lat\nN,Noord,GM0014,6.5,53.2\n",
        "cbs_code,name,care_region,police_unit\nGM0014,Groningen,N,P1\n",
    )
    with pytest.raises(ImportRejected, match="region 'VO04' is missing but still has users"):
        load_division(folder)
    assert Region.objects.filter(code="VO04").exists()
    assert not Region.objects.filter(code="N").exists()
