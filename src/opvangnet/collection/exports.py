"""A round's region forms as CSV or XLSX: one row per answer cell, only the forms the viewer may see."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from opvangnet.collection.models import DataValue, Dimension, Round, SubmissionStatus, format_number
from opvangnet.core import exports
from opvangnet.core.exports import safe_cell


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
    return exports.csv_table(columns(), rows(round_, submission_ids), _for_csv)


def to_xlsx(round_: Round, submission_ids: Iterable[int]) -> bytes:
    return exports.xlsx_table(
        round_.period_label, columns(), rows(round_, submission_ids), _for_xlsx, max_width=50
    )


def _for_xlsx(value: Any) -> Any:
    """Numbers as numbers, so a spreadsheet can add them up; every text made formula-safe."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return safe_cell(value)
