from typing import Any

from opvangnet.placement.engine import AssignResult, assign_input

from ._engine_io import EngineCommand

HEADINGS = {
    "nl": (
        "Geplaatst: {placed} ({proof}, {seconds} s)",
        "bewezen optimaal",
        "niet bewezen optimaal",
        "Niet geplaatst",
    ),
    "en": ("Placed: {placed} ({proof}, {seconds} s)", "proven optimal", "not proven optimal", "Not placed"),
}


class Command(EngineCommand[AssignResult]):
    help = (
        "Assign a whole waiting list to offers from a JSON file (no database): as many placed as possible, "
        "then the most priority, then the best fit, never more than the free places. See docs/cli.md."
    )

    def run_core(self, data: Any, options: dict[str, Any]) -> AssignResult:
        return assign_input(data, lang=options["lang"])

    def write_table(self, result: AssignResult, options: dict[str, Any]) -> None:
        placed, proven, unproven, not_placed = HEADINGS[options["lang"]]
        proof = proven if result.optimal else unproven
        self.stdout.write(placed.format(placed=result.placed, proof=proof, seconds=result.seconds))
        for assignment in result.assignments:
            self.stdout.write(f"  {assignment.request:<16} → {assignment.offer}")
        self.stdout.write(f"{not_placed} ({len(result.unplaced)})")
        for unplaced in result.unplaced:
            self.stdout.write(f"  {unplaced.request:<16} {' '.join(reason.text for reason in unplaced.why)}")
