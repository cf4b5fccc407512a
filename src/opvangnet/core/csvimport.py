"""Reading CSV files for imports: every problem is reported with row, column and reason, nothing half-done."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RowError:
    file: str
    row: int  # 1-based, the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column '{self.column}': {self.reason}"


class ImportRejected(Exception):
    """Raised with every error found; the caller's transaction writes nothing."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def read_csv(path: Path, required_columns: Iterable[str]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV (a BOM is allowed) into dicts with stripped values; refuse missing columns."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required_columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ImportRejected([RowError(path.name, 1, column, "column is missing") for column in missing])
        return [{key: (value or "").strip() for key, value in row.items() if key} for row in reader]
