import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.collection.definitions import DEFAULT_FORM, load_definition


class Command(BaseCommand):
    help = (
        "Load a data-collection form from a JSON document as its next version (see collection/README.md); "
        "without a file, the default national form."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FORM), help="the form as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            version = load_definition(document)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"Loaded {version.form.name}, version {version.number}.")
