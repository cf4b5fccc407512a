from typing import Any

from opvangnet.placement.engine import MatchResult, match_input

from ._engine_io import EngineCommand

HEADINGS = {
    "nl": ("Passend ({count})", "Niet passend ({count})", "aanbod", "score", "redenen"),
    "en": ("Fitting ({count})", "Not fitting ({count})", "offer", "score", "reasons"),
}


class Command(EngineCommand[MatchResult]):
    help = (
        "Match one placement request against offers from a JSON file (no database): every offer is a "
        "candidate with its score and reasons, or excluded with every rule it breaks. See docs/cli.md."
    )

    def run_core(self, data: Any, options: dict[str, Any]) -> MatchResult:
        return match_input(data, lang=options["lang"])

    def write_table(self, result: MatchResult, options: dict[str, Any]) -> None:
        fitting, not_fitting, offer, score, reasons = HEADINGS[options["lang"]]
        self.stdout.write(fitting.format(count=len(result.candidates)))
        self.stdout.write(f"  {offer:<16} {score:>5}  {reasons}")
        for candidate in result.candidates:
            texts = " ".join(reason.text for reason in candidate.reasons[1:])
            self.stdout.write(f"  {candidate.offer:<16} {candidate.score:>5.3f}  {texts}")
        self.stdout.write(not_fitting.format(count=len(result.excluded)))
        for exclusion in result.excluded:
            self.stdout.write(f"  {exclusion.offer:<16} {' '.join(r.text for r in exclusion.why_not)}")
