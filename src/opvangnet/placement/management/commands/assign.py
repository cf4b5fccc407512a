from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.placement.engine import ContractError, assign_input

from ._engine_io import BAD_INPUT, add_arguments, read_input, to_json

HEADINGS = {
    "nl": (
        "Geplaatst: {placed} ({proof}, {seconds} s)",
        "bewezen optimaal",
        "niet bewezen optimaal",
        "Niet geplaatst",
    ),
    "en": ("Placed: {placed} ({proof}, {seconds} s)", "proven optimal", "not proven optimal", "Not placed"),
}


class Command(BaseCommand):
    help = (
        "Assign a whole waiting list to offers from a JSON file (no database): as many placed as possible, "
        "then the most priority, then the best fit, never more than the free places. See docs/cli.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_input(options["input"])
        try:
            result = assign_input(data, lang=options["lang"])
        except ContractError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(to_json(result.to_json()))
            return
        placed, proven, unproven, not_placed = HEADINGS[options["lang"]]
        proof = proven if result.optimal else unproven
        self.stdout.write(placed.format(placed=result.placed, proof=proof, seconds=result.seconds))
        for assignment in result.assignments:
            self.stdout.write(f"  {assignment.request:<16} → {assignment.offer}")
        self.stdout.write(f"{not_placed} ({len(result.unplaced)})")
        for unplaced in result.unplaced:
            self.stdout.write(f"  {unplaced.request:<16} {' '.join(reason.text for reason in unplaced.why)}")
