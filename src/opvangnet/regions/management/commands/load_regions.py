from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.core.csvimport import ImportRejected
from opvangnet.regions.services import DEFAULT_DIVISION_DIR, load_division


class Command(BaseCommand):
    help = (
        "Load a regional division from police_units.csv, care_regions.csv and municipalities.csv "
        "(default: the shipped division of the centrumgemeenten vrouwenopvang)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", type=Path, default=DEFAULT_DIVISION_DIR, help="folder with the three CSV files"
        )
        parser.add_argument(
            "--keep-missing", action="store_true", help="keep regions that the files no longer list"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder")
        try:
            result = load_division(directory, remove_missing=not options["keep_missing"])
        except ImportRejected as rejected:
            raise CommandError(f"Nothing was loaded:\n{rejected}") from rejected
        except FileNotFoundError as error:
            raise CommandError(f"Nothing was loaded: {error.filename} is missing") from error
        self.stdout.write(
            f"Loaded {result.police_units} police units, {result.regions} regions and "
            f"{result.municipalities} municipalities; removed {result.regions_removed} regions."
        )
