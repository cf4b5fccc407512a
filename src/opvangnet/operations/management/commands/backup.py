from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.operations.backup import backup


class Command(BaseCommand):
    help = (
        "Write the whole database (encrypted fields as stored, the audit chain, stored files) to FILE as one "
        "consistent snapshot (a zip; see docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup (.zip)")
        parser.add_argument("--force", action="store_true", help="overwrite FILE when it exists")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if path.exists() and not options["force"]:
            raise CommandError(f"{path} exists; choose another name or pass --force.")
        partial = path.with_name(path.name + ".partial")
        try:
            summary = backup(partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)  # a backup file is either complete or absent
        path.chmod(0o600)
        self.stdout.write(
            f"Backup written to {path}: {summary.rows} rows, {summary.models} tables, {summary.files} files; "
            f"audit chain {'intact' if summary.audit_intact else 'BROKEN'}."
        )
