"""Rows as CSV and XLSX downloads for spreadsheet software, with every text made safe to open.

A table is its columns, `(key, label)` pairs, and rows, mappings from those keys to values; `cell` turns each
value into what the file holds (by default `safe_cell`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

Columns = Sequence[tuple[str, str]]


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_table(
    columns: Columns, rows: Iterable[Mapping[str, Any]], cell: Callable[[Any], Any] = safe_cell
) -> str:
    """A header line of the labels, then a line per row; semicolon-separated, as Dutch spreadsheet software
    expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([label for _key, label in columns])
    for row in rows:
        writer.writerow([cell(row[key]) for key, _label in columns])
    return buffer.getvalue()


def xlsx_table(
    title: str,
    columns: Columns,
    rows: Iterable[Mapping[str, Any]],
    cell: Callable[[Any], Any] = safe_cell,
    *,
    max_width: int,
) -> bytes:
    """A workbook of one sheet named `title`: a frozen header row of the labels, then a row per row; each
    column as wide as its label, between 12 and `max_width` characters."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([label for _key, label in columns])
    for row in rows:
        sheet.append([cell(row[key]) for key, _label in columns])
    for index, (_key, label) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(max_width, len(label) + 4))
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
