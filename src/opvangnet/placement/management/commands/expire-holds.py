from typing import Any

from django.core.management.base import BaseCommand

from opvangnet.placement.services import release_expired_holds


class Command(BaseCommand):
    help = (
        "Give back every held place whose hold time is over and reopen its request (run every few minutes)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        released = release_expired_holds()
        self.stdout.write(f"Released {released} expired hold(s).")
