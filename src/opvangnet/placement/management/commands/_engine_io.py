"""What the `match` and `assign` commands share: the engine's contract, `--lang` and the answer as JSON."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.management.base import CommandParser

from opvangnet.core.corecommand import CoreCommand
from opvangnet.placement.engine import ContractError


class Answer(Protocol):
    def to_json(self) -> dict[str, Any]: ...


AnswerT = TypeVar("AnswerT", bound=Answer)


class EngineCommand(CoreCommand[AnswerT]):
    contract_error = ContractError

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the texts")

    def as_json(self, result: AnswerT) -> Any:
        return result.to_json()
