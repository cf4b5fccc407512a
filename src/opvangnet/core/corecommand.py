"""The command-line runner of the pure cores (matching, assignment, simulation, planning): a JSON file in, the
core's answer out, as JSON or as a short table, and no database. The contracts are in docs/cli.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

# Exit status for input that breaks the contract (docs/cli.md).
BAD_INPUT = 2

Result = TypeVar("Result")


def read_input(name: str) -> Any:
    """The JSON in the file `name` (- for stdin); CommandError with BAD_INPUT when unreadable or not JSON."""
    try:
        raw = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"input: cannot read {name}: {error.strerror}", returncode=BAD_INPUT) from error
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise CommandError(f"input: not valid JSON: {error}", returncode=BAD_INPUT) from error


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


class CoreCommand(BaseCommand, Generic[Result]):
    """Runs one pure core on `--input`: `--json` prints `as_json(result)`, else `write_table` prints a short
    table. Input that is no JSON, or that the core refuses with its `contract_error`, ends the command with
    exit status BAD_INPUT and the reason."""

    contract_error: ClassVar[type[Exception]]
    requires_system_checks: list[str] = []

    def run_core(self, data: Any, options: dict[str, Any]) -> Result:
        raise NotImplementedError

    def as_json(self, result: Result) -> Any:
        return result

    def write_table(self, result: Result, options: dict[str, Any]) -> None:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="JSON file as in docs/cli.md, or - for stdin")
        parser.add_argument(
            "--json", action="store_true", help="print the result as JSON (else a short table)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_input(options["input"])
        try:
            result = self.run_core(data, options)
        except self.contract_error as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(to_json(self.as_json(result)))
        else:
            self.write_table(result, options)
