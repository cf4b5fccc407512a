from typing import Any

from django.core.management.base import BaseCommand, CommandError

from opvangnet.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check that the audit log's hash chain is intact."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(f"Audit chain broken at entry {report.broken_at} (checked {report.entries}).")
        self.stdout.write(f"Audit chain intact: {report.entries} entries.")
