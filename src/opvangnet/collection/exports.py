"""A round's region forms as CSV or XLSX: one row per answer cell, only the forms the viewer may see."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from opvangnet.collection.models import DataValue, Dimension, Round, SubmissionStatus, format_number
from opvangnet.collection.spreadsheets import safe_cell


def columns() -> list[tuple[str, str]]:
    return [
        ("period", _("Period")),
        ("region_code", _("Region code")),
        ("region", _("Region")),
        ("status", _("Status")),
        ("section", _("Section")),
        ("question_code", _("Question code")),
        ("question", _("Question")),
        ("dimension", _("Broken down by")),
        ("breakdown_code", _("Breakdown code")),
        ("breakdown", _("Breakdown")),
        ("value", _("Value")),
        ("prefilled", _("Counted by Opvangnet")),
        ("comment", _("Explanation")),
        ("approved_at", _("Approved at")),
    ]


def rows(round_: Round, submission_ids: Iterable[int]) -> Iterable[dict[str, Any]]:
    """The region values (not the separate contributions) of the given forms of a round. One query."""
    values = (
        DataValue.objects.filter(submission__round=round_, submission_id__in=list(submission_ids))
        .filter(contribution__isnull=True)
        .select_related("submission__region", "question__section")
        .order_by(
            "submission__region__code", "question__section__position", "question__position", "breakdown"
        )
    )
    for value in values.iterator(chunk_size=2000):
        submission, question = value.submission, value.question
        approved = submission.approved_at
        yield {
            "period": round_.period_label,
            "region_code": submission.region.code,
            "region": submission.region.name,
            "status": str(SubmissionStatus(submission.status).label),
            "section": question.section.title,
            "question_code": question.code,
            "question": question.label,
            "dimension": str(Dimension(question.dimension).label)
            if question.dimension and value.breakdown
            else "",
            "breakdown_code": value.breakdown,
            "breakdown": question.breakdown_label(value.breakdown) if value.breakdown else "",
            "value": value.number if value.number is not None else _text(question, value.text),
            "prefilled": value.prefilled,
            "comment": value.comment,
            "approved_at": timezone.localtime(approved).strftime("%Y-%m-%d %H:%M") if approved else "",
        }


def _text(question: Any, text: str) -> str:
    return question.choice_label(text) if question.choices else text


def _for_csv(value: Any) -> Any:
    return format_number(value) if isinstance(value, Decimal) else safe_cell(value)


def to_csv(round_: Round, submission_ids: Iterable[int]) -> str:
    buffer = io.StringIO()
    header = columns()
    writer = csv.writer(buffer, delimiter=";")  # Dutch spreadsheet software expects semicolons
    writer.writerow([label for _key, label in header])
    for row in rows(round_, submission_ids):
        writer.writerow([_for_csv(row[key]) for key, _label in header])
    return buffer.getvalue()


def to_xlsx(round_: Round, submission_ids: Iterable[int]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = round_.period_label[:31]
    header = columns()
    sheet.append([label for _key, label in header])
    for row in rows(round_, submission_ids):
        sheet.append([_for_xlsx(row[key]) for key, _label in header])
    for index, (_key, label) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(50, len(label) + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _for_xlsx(value: Any) -> Any:
    """Numbers as numbers, so a spreadsheet can add them up; every text made formula-safe."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return safe_cell(value)
