"""What placement may know of the same person's victim-status case: that one is linked, and its stage.

The link itself lives on the identification side (identification sits above placement in the import layers
and holds the person's data). Identification registers a summary function here when it starts
(`IdentificationConfig.ready`); placement asks through `case_summary` and never sees a name or a case id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CaseSummary:
    """All that the placement side learns: a case is linked, and its status in words."""

    status: str


_summary: Callable[[Any], CaseSummary | None] | None = None


def register(summary: Callable[[Any], CaseSummary | None]) -> None:
    global _summary
    _summary = summary


def case_summary(placement: Any) -> CaseSummary | None:
    """The linked case's summary, or None where none is linked (or identification is not installed)."""
    return _summary(placement) if _summary is not None else None
