from typing import Any

from django.core.management.base import BaseCommand

from opvangnet.identification.services import rotate_field_key


class Command(BaseCommand):
    help = "Re-encrypt all identification person data under the first key of OPVANGNET_FIELD_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = rotate_field_key()
        self.stdout.write(f"Re-encrypted {rows} rows.")
