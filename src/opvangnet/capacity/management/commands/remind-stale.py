from typing import Any

from django.core.management.base import BaseCommand

from opvangnet.capacity.reminders import send_stale_reminders


class Command(BaseCommand):
    help = "Mail each organisation the list of its offers whose availability is older than 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_stale_reminders()
        self.stdout.write(f"Sent {sent} reminder mail(s).")
