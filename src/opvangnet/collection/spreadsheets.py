"""A region form as an XLSX workbook to fill in offline, and reading it back.

The workbook has a first sheet "Info" naming the round and the region (B-column), then one sheet per section
the coordinator fills in, with one row per answer cell:

    A code | B question | C breakdown code | D breakdown | E value | F counted by Opvangnet | G explanation

Only columns E and G are read back. Reading never writes: it returns the answers with their sheet and cell,
or every problem found, each with its sheet and cell; the service then checks rules on the whole form.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from opvangnet.collection.models import (
    Question,
    QuestionKind,
    Section,
    Submission,
    SubmissionStatus,
    format_number,
)
from opvangnet.collection.queries import prefilled_figures, stored_values
from opvangnet.collection.validation import Cell, Issue, ValueInput
from opvangnet.core.exports import safe_cell, workbook_bytes

INFO_SHEET = "Info"
VALUE_COLUMN, COMMENT_COLUMN = "E", "G"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_FILLABLE = PatternFill("solid", fgColor="FFF7D6")


def sheet_title(position: int, section: Section) -> str:
    return _UNSAFE.sub(" ", f"{position}. {section.title}")[:31]


def region_sections(submission: Submission) -> list[Section]:
    """The sections the region fills in itself, plus contributor sections (which it may consolidate)."""
    return list(
        submission.round.form_version.sections.prefetch_related("questions").order_by("position", "pk")
    )


def _prefilled_text(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def template_xlsx(
    submission: Submission,
    answers: dict[Cell, tuple[str, str]],
    prefilled: dict[Cell, Decimal],
) -> bytes:
    """The region form as a workbook with the current answers (`answers[cell] = (value, comment)`) and what
    Opvangnet counted. Only the value and explanation columns are meant to be filled in."""
    workbook = Workbook()
    info = workbook.active
    assert info is not None
    info.title = INFO_SHEET
    round_ = submission.round
    info.append([_("Round"), round_.pk])
    info.append([_("Region"), submission.region.code])
    info.append([_("Form version"), round_.form_version.number])
    info.append([_("Form"), safe_cell(round_.form_version.form.name)])
    info.append([_("Period"), round_.period_label])
    info.append([_("Region name"), safe_cell(submission.region.name)])
    info.append([_("Deadline"), round_.deadline.strftime("%d-%m-%Y")])
    info.append([])
    info.append(
        [
            _(
                "Fill in column E (value) and, where needed, column G (explanation) on each sheet, then "
                "upload this file on the region's form page. Change nothing else. A changed prefilled figure "
                "(column F) needs an explanation."
            )
        ]
    )
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 50
    header = [
        _("Code"),
        _("Question"),
        _("Breakdown code"),
        _("Breakdown"),
        _("Value"),
        _("Counted by Opvangnet"),
        _("Explanation"),
    ]
    for position, section in enumerate(region_sections(submission), start=1):
        sheet = workbook.create_sheet(sheet_title(position, section))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for question in section.questions.all():
            validation = _validation_for(question)
            if validation is not None:
                sheet.add_data_validation(validation)
            for code in question.breakdown_codes():
                value, comment = answers.get((question.code, code), ("", ""))
                sheet.append(
                    [
                        question.code,
                        safe_cell(question.label),
                        code,
                        safe_cell(question.breakdown_label(code)),
                        _typed(question, value),
                        _prefilled_text(prefilled.get((question.code, code))),
                        safe_cell(comment),
                    ]
                )
                row = sheet.max_row
                for column in (VALUE_COLUMN, COMMENT_COLUMN):
                    sheet[f"{column}{row}"].fill = _FILLABLE
                    sheet[f"{column}{row}"].protection = Protection(locked=False)
                if validation is not None:
                    validation.add(f"{VALUE_COLUMN}{row}")
        for column, width in zip("ABCDEFG", (18, 60, 16, 26, 14, 14, 50), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def workbook_for(submission: Submission) -> bytes:
    """The template of a region form with its answers so far; before it is started, with what Opvangnet
    counts now (nothing is stored until the upload)."""
    if submission.status == SubmissionStatus.NOT_STARTED:
        prefilled = prefilled_figures(submission)
        answers = {cell: (format_number(value), "") for cell, value in prefilled.items()}
    else:
        values = list(stored_values(submission))
        answers = {(v.question.code, v.breakdown): (v.display_value, v.comment) for v in values}
        prefilled = {(v.question.code, v.breakdown): v.prefilled for v in values if v.prefilled is not None}
    return template_xlsx(submission, answers, prefilled)


def _typed(question: Question, value: str) -> Any:
    if value == "" or not question.is_numeric:
        return safe_cell(question.choice_label(value) if question.kind == QuestionKind.CHOICE else value)
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _validation_for(question: Question) -> DataValidation | None:
    if question.kind == QuestionKind.CHOICE:
        labels = ",".join(label.replace(",", " ") for _code, label in question.choices)
        if len(labels) > 250:
            return None
        return DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    if question.kind == QuestionKind.INTEGER:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    return None


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    message: str


@dataclass
class ReadResult:
    inputs: list[ValueInput] = field(default_factory=list)
    locations: dict[Cell, tuple[str, str]] = field(default_factory=dict)  # answer cell → (sheet, cell)
    errors: list[CellError] = field(default_factory=list)


def read_upload(submission: Submission, content: bytes) -> ReadResult:
    """The answers of an uploaded workbook with where each came from, or every problem with sheet and cell.

    Checks that the workbook belongs to this round and region, that every code and breakdown exists, and each
    value's type and range (through `services`, which checks the same for every channel)."""
    result = ReadResult()
    if len(content) > MAX_UPLOAD_BYTES:
        result.errors.append(CellError("", "", _("The file is larger than 2 MB.")))
        return result
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        result.errors.append(CellError("", "", _("This is not an Excel workbook (.xlsx).")))
        return result
    if INFO_SHEET not in workbook.sheetnames:
        result.errors.append(CellError(INFO_SHEET, "", _("The sheet 'Info' is missing: use the template.")))
        return result
    info = workbook[INFO_SHEET]
    round_id = info["B1"].value
    region_code = info["B2"].value
    if str(round_id) != str(submission.round_id):
        result.errors.append(CellError(INFO_SHEET, "B1", _("This workbook belongs to another round.")))
    if str(region_code) != submission.region.code:
        result.errors.append(CellError(INFO_SHEET, "B2", _("This workbook belongs to another region.")))
    if result.errors:
        return result
    questions = {
        question.code: question
        for section in region_sections(submission)
        for question in section.questions.all()
    }
    for title in workbook.sheetnames[1:]:
        _read_sheet(workbook[title], title, questions, result)
    return result


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_sheet(sheet: Any, title: str, questions: dict[str, Question], result: ReadResult) -> None:
    for row_number, row in enumerate(sheet.iter_rows(min_row=2, max_col=7, values_only=True), start=2):
        cells = list(row) + [None] * (7 - len(row))
        code, breakdown, value, comment = _text(cells[0]), _text(cells[2]), cells[4], cells[6]
        if not code and value in (None, "") and not _text(comment):
            continue
        question = questions.get(code)
        if question is None:
            result.errors.append(
                CellError(title, f"A{row_number}", _("Unknown question code: %(code)s.") % {"code": code})
            )
            continue
        if breakdown not in question.breakdown_codes():
            result.errors.append(
                CellError(
                    title, f"C{row_number}", _("Unknown breakdown code: %(code)s.") % {"code": breakdown}
                )
            )
            continue
        cell = (code, breakdown)
        if cell in result.locations:
            result.errors.append(CellError(title, f"A{row_number}", _("This answer appears twice.")))
            continue
        result.locations[cell] = (title, f"{VALUE_COLUMN}{row_number}")
        result.inputs.append(ValueInput(code, breakdown, value, _text(comment)))


def locate(issue: Issue, locations: dict[Cell, tuple[str, str]]) -> CellError:
    """The sheet and cell to change for an issue: the value, or the explanation beside it."""
    sheet, cell = locations.get(issue.cell, ("", ""))
    if cell and issue.target == "comment":
        cell = COMMENT_COLUMN + cell[1:]
    return CellError(sheet, cell, issue.message)
