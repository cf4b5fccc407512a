"""What the `match` and `assign` commands share: reading the JSON input and the common options."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

# Exit status for input that breaks the contract (docs/cli.md).
BAD_INPUT = 2


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--input", required=True, help="JSON file as in docs/cli.md, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (else a short table)")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the texts")


def read_input(name: str) -> Any:
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
