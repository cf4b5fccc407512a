from typing import Any

from django.core.management.base import BaseCommand

from opvangnet.collection.reminders import send_round_reminders


class Command(BaseCommand):
    help = (
        "Mail the coordinators and contributors whose data-collection forms are not handed in, before and "
        "after the deadline. Run once a day; a second run on the same day sends nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_round_reminders()
        self.stdout.write(f"Sent {sent} reminder mail(s).")
