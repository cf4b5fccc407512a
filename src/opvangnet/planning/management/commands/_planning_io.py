"""What the `simulate` and `plan` commands share: reading the input, a progress bar, the exit status."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from opvangnet.planning.simulate import ContractError

# Exit status for input that breaks the contract (docs/cli.md), as for `opvangnet match`.
BAD_INPUT = 2


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--input", required=True, help="JSON file as in docs/cli.md, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (else a short table)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def read_input(name: str) -> Any:
    try:
        raw = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"input: cannot read {name}: {error.strerror}", returncode=BAD_INPUT) from error
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise CommandError(f"input: not valid JSON: {error}", returncode=BAD_INPUT) from error


@contextmanager
def progress_bar(description: str, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A tqdm bar on stderr fed by the cores' `progress(done, total)` callback; stdout stays clean JSON."""
    if not enabled:
        yield None
        return
    bar = tqdm(total=100, desc=description, unit="%", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        bar.n = int(100 * done / max(total, 1))
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


class CoreCommand(BaseCommand):
    """Runs one planning core on a JSON file (no database): `--json` prints its answer, else `write_table`."""

    core_name = ""
    requires_system_checks: list[str] = []

    def run_core(self, data: Any, progress: Callable[[int, int], None] | None) -> dict[str, Any]:
        raise NotImplementedError

    def write_table(self, result: dict[str, Any]) -> None:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_input(options["input"])
        try:
            with progress_bar(self.core_name, not options["no_progress"]) as progress:
                result = self.run_core(data, progress)
        except ContractError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if options["json"]:
            self.stdout.write(to_json(result))
        else:
            self.write_table(result)
