from typing import Any

from django.core.management.base import BaseCommand

from opvangnet.identification.services import send_deadline_reminders


class Command(BaseCommand):
    help = "Mail the assessors of cases whose decision is due soon or overdue (run daily, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        mails = send_deadline_reminders()
        self.stdout.write(f"Sent {mails} reminder(s).")
