from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `opvangnet backup` into an empty, migrated database (all or nothing; the "
        "checksums, the migrations and afterwards the audit chain are checked)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup (.zip)")
        parser.add_argument(
            "--replace", action="store_true", help="replace the data of a database that is not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(options["file"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(
            f"Restored {summary.rows} rows of {summary.models} tables and {summary.files} files; "
            f"audit chain {'intact' if summary.audit_intact else 'BROKEN'}."
        )
