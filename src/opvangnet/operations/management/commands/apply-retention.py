from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opvangnet.operations.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise or delete every record past its retention period (OPVANGNET_RETENTION_*_DAYS), in one "
        "audited transaction; --dry-run only counts. Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would change; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        outcomes = apply_retention(dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.kind}: {outcome.count} {verb} {outcome.action} "
                f"(older than {outcome.period_days} days, before {outcome.cutoff:%Y-%m-%d %H:%M})"
            )
