"""What the `simulate` and `plan` commands share: the core's contract and a progress bar on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandParser
from tqdm import tqdm

from opvangnet.core import corecommand
from opvangnet.planning.simulate import ContractError

Progress = Callable[[int, int], None]


@contextmanager
def progress_bar(description: str, enabled: bool) -> Iterator[Progress | None]:
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


class CoreCommand(corecommand.CoreCommand[dict[str, Any]]):
    """Runs one planning core (`compute`) with a progress bar named `core_name`, unless `--no-progress`."""

    core_name = ""
    contract_error = ContractError

    def compute(self, data: Any, progress: Progress | None) -> dict[str, Any]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def run_core(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        with progress_bar(self.core_name, not options["no_progress"]) as progress:
            return self.compute(data, progress)
