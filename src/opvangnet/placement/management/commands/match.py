from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opvangnet.placement.engine import ContractError, match_input

from ._engine_io import BAD_INPUT, add_arguments, read_input, to_json

HEADINGS = {
    "nl": ("Passend ({count})", "Niet passend ({count})", "aanbod", "score", "redenen"),
    "en": ("Fitting ({count})", "Not fitting ({count})", "offer", "score", "reasons"),
}


class Command(BaseCommand):
    help = (
        "Match one placement request against offers from a JSON file (no database): every offer is a "
        "candidate with its score and reasons, or excluded with every rule it breaks. See docs/cli.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_input(options["input"])
        try:
            result = match_input(data, lang=options["lang"])
        except ContractError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(to_json(result.to_json()))
            return
        fitting, not_fitting, offer, score, reasons = HEADINGS[options["lang"]]
        self.stdout.write(fitting.format(count=len(result.candidates)))
        self.stdout.write(f"  {offer:<16} {score:>5}  {reasons}")
        for candidate in result.candidates:
            texts = " ".join(reason.text for reason in candidate.reasons[1:])
            self.stdout.write(f"  {candidate.offer:<16} {candidate.score:>5.3f}  {texts}")
        self.stdout.write(not_fitting.format(count=len(result.excluded)))
        for exclusion in result.excluded:
            self.stdout.write(f"  {exclusion.offer:<16} {' '.join(r.text for r in exclusion.why_not)}")
